//! Validation: the tolerant parse, then the semantic rules.
//!
//! The JSON Schema is not run here: the parse's typed decoder already
//! reports every value it rejects (see `src/schema.rs`).

use crate::diagnostic::{Code, Overflow};
use crate::json::{Doc, Kind, Node};
use crate::kind::BodyKind;
use crate::model;
use crate::parse::{self, Pass, Report};
use crate::pointer::{Pointer, pointer};
use crate::rules::{self, Findings};

/// Validates a GetInstance body against the documented types and enums and
/// the rules a schema cannot express.
///
/// Like [`parse`](crate::parse), it never fails and never panics: a body that
/// is not JSON is reported as an invalid document.
///
/// # Examples
///
/// ```
/// let report = dswcheck::validate(br#"{
///   "InstanceId": "dsw-1",
///   "IdleInstanceCuller": {"InstanceId": "dsw-1", "CpuPercentThreshold": 120}
/// }"#);
/// assert!(!report.is_valid());
/// let d = report.iter_errors().next().unwrap();
/// assert_eq!(d.code.as_str(), "percent.range");
/// assert_eq!(d.pointer, "/IdleInstanceCuller/CpuPercentThreshold");
/// assert_eq!(d.line, 3);
/// ```
#[must_use]
pub fn validate(bytes: &[u8]) -> Report {
    Validator::new().validate(bytes)
}

/// Validation with a team's policies beside the documented contract.
///
/// [`validate`], [`validate_reader`](crate::validate_reader) and
/// [`validate_lines`](crate::validate_lines) are a `Validator` without
/// policies. It is cheap to clone and shared by reference across the
/// threads of [`Validator::validate_lines`]: each policy is compiled once.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "policy")] {
/// use std::path::Path;
///
/// let policy = dswcheck::Policy::from_json(
///     br#"{"properties": {"Accessibility": {"const": "PRIVATE"}}}"#,
///     Path::new("private-only.schema.json"),
/// )?;
/// let validator = dswcheck::Validator::new().with_policy(policy);
/// let report = validator.validate(br#"{"InstanceId": "dsw-1", "Accessibility": "PUBLIC"}"#);
/// let d = &report.diagnostics()[0];
/// assert_eq!((d.code.as_str(), d.pointer.as_str()), ("policy.private-only", "/Accessibility"));
/// assert_eq!((d.line, d.column), (1, 42));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Validator {
    /// The kind every body is read as; `None` detects each body's.
    kind: Option<BodyKind>,
    #[cfg(feature = "policy")]
    policies: Vec<crate::policy::Policy>,
}

impl Validator {
    /// The documented contract alone.
    #[must_use]
    pub fn new() -> Self {
        Validator::default()
    }

    /// Reads every body as `kind` instead of detecting it
    /// ([`BodyKind::detect`]); a body that looks like another kind gets a
    /// `response.kind` warning.
    #[must_use]
    pub fn with_kind(mut self, kind: BodyKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Checks `policy` on every document too (on each instance of a
    /// ListInstances page, at its pointer in the page).
    #[cfg(feature = "policy")]
    #[must_use]
    pub fn with_policy(mut self, policy: crate::policy::Policy) -> Self {
        self.policies.push(policy);
        self
    }

    /// The policies, in the order given.
    #[cfg(feature = "policy")]
    #[must_use]
    pub fn policies(&self) -> &[crate::policy::Policy] {
        &self.policies
    }

    /// [`validate`] with this validator's policies.
    #[must_use]
    pub fn validate(&self, bytes: &[u8]) -> Report {
        let mut pass = parse::pass(bytes, true, self.kind);
        self.check(&mut pass);
        pass.finish()
    }

    /// [`Validator::validate`] for a report that keeps no parsed document
    /// ([`Report::value`] is `None`), at a fraction of the cost: the
    /// document is read into a tape ([`parse::lean_pass`]), not a
    /// `serde_json::Value`. The same diagnostics, in the same order.
    pub(crate) fn validate_lean(&self, bytes: &[u8]) -> Report {
        // Policies are JSON Schemas, run on a `Value`.
        #[cfg(feature = "policy")]
        if !self.policies.is_empty() {
            return self.validate(bytes).without_document();
        }
        let mut pass = parse::lean_pass(bytes, self.kind);
        self.check(&mut pass);
        pass.finish()
    }

    /// The rules and policies on a document read and decoded by `pass`.
    fn check<D: Doc>(&self, pass: &mut Pass<'_, D>) {
        let Some(document) = &pass.document else {
            return;
        };
        let root = document.root();
        if let Some(instance) = &pass.instance {
            let api_error = rules::api_error::describe(instance);
            if api_error.is_some() {
                // An error body's Code comes from the service's open-ended error
                // catalogue: the api-error diagnostic says all there is to say about it.
                pass.diagnostics
                    .retain(|d| !(d.code == Code::EnumUnlisted && d.pointer == "/Code"));
            }
            let mut out = Findings::located(&mut pass.diagnostics, document, &pass.source);
            let is_api_error = api_error.is_some();
            if let Some(message) = api_error {
                out.push(Code::ResponseApiError, Pointer::root(), message);
            }
            rules::check(instance, root, &mut out);
            // An error body fails every rule about instances: it is not one.
            if !is_api_error {
                self.check_policies(root, &mut out, &mut pass.overflow);
            }
        } else if pass.kind == Some(BodyKind::ListInstances) {
            let typed = pass.list.as_ref().and_then(|l| l.instances.as_deref());
            let mut out = Findings::located(&mut pass.diagnostics, document, &pass.source);
            rules::check_list(pass.list.as_ref(), root, &mut out);
            let items = root.get("Instances").filter(|i| i.kind() == Kind::Array);
            for (i, item) in items.into_iter().flat_map(Node::elements).enumerate() {
                let decoded;
                let instance = match typed {
                    Some(typed) => typed.get(i),
                    None => {
                        decoded = model::decode_item(item);
                        decoded.as_ref()
                    }
                };
                let Some(instance) = instance else { continue };
                out.set_within(pointer!["Instances", i]);
                rules::check_item(instance, &mut out);
                self.check_policies(item, &mut out, &mut pass.overflow);
            }
        }
    }

    /// Runs the policies on `value`, a document or a page's item.
    #[cfg_attr(not(feature = "policy"), allow(clippy::unused_self))]
    fn check_policies<'a, N: Node<'a>>(
        &self,
        value: N,
        out: &mut Findings<'_>,
        overflow: &mut Overflow,
    ) {
        #[cfg(feature = "policy")]
        if !self.policies.is_empty() {
            let value = value.as_value();
            for policy in &self.policies {
                policy.check(&value, out, overflow);
            }
        }
        #[cfg(not(feature = "policy"))]
        let _ = (value, out, overflow);
    }

    /// [`validate_reader`](crate::validate_reader) with this validator's policies.
    ///
    /// # Errors
    ///
    /// As [`validate_reader`](crate::validate_reader).
    pub fn validate_reader<R: std::io::Read>(&self, reader: R) -> std::io::Result<Report> {
        crate::ndjson::reader_with(self, reader)
    }

    /// [`validate_lines`](crate::validate_lines) with this validator's policies.
    ///
    /// # Errors
    ///
    /// As [`validate_lines`](crate::validate_lines).
    pub fn validate_lines<R, F>(
        &self,
        reader: R,
        threads: std::num::NonZeroUsize,
        sink: F,
    ) -> std::io::Result<crate::Summary>
    where
        R: std::io::BufRead,
        F: FnMut(&crate::Line) -> std::io::Result<()>,
    {
        crate::ndjson::lines_with(self, reader, threads, sink)
    }
}
