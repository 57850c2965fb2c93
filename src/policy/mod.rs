//! Policies: a team's own rules, written as JSON Schema, checked on every
//! document beside the documented contract.
//!
//! A policy is compiled once ([`Policy::from_file`], [`Policy::from_json`])
//! and shared by every thread of a [`Validator`](crate::Validator). Each
//! violation is a diagnostic like any other: the code `policy.NAME`, where
//! `NAME` comes from an `x-dswcheck-code` annotation on the failing subschema
//! (the nearest one above the failing keyword), else from the policy's file
//! name; the severity from `x-dswcheck-severity` (`error` by default); the
//! message from `x-dswcheck-message`, else the validator's, with the value
//! masked unless it is a scalar outside every secret; and the JSON Pointer of
//! the offending value, which gives its line and column as it is reported.
//!
//! Nothing is fetched over the network: a `$ref` resolves to a file beside
//! the policy (`file:` URIs, or paths relative to it) or to the built-in
//! GetInstance schema by its `$id` ([`SCHEMA_ID`](crate::SCHEMA_ID)); any
//! other `$ref` is an error when the policy is compiled. Patterns use the
//! linear-time `regex` engine, so no document can make a policy backtrack.

mod annotations;
mod resolve;

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, PolicyCode, Severity};
use crate::pointer::Pointer;
use crate::rules::Findings;
use annotations::Annotations;

/// A compiled policy.
#[derive(Clone)]
pub struct Policy {
    inner: Arc<Inner>,
}

struct Inner {
    /// Shown in errors and in SARIF rules: the file as given.
    source: String,
    validator: jsonschema::Validator,
    annotations: Annotations,
    /// The code of violations with no `x-dswcheck-code` of their own.
    default_code: PolicyCode,
    description: Option<String>,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("source", &self.inner.source)
            .field("default_code", &self.inner.default_code)
            .finish_non_exhaustive()
    }
}

/// A policy that cannot be used: the file, line and column, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    source: String,
    line: u32,
    column: u32,
    message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.source, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for PolicyError {}

/// A code a policy can report, for listings such as SARIF rules.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PolicyRule {
    /// `policy.NAME`.
    pub code: Code,
    /// Its default severity.
    pub severity: Severity,
    /// The subschema's `description` or `title`, or the policy's.
    pub description: Option<String>,
}

impl Policy {
    /// Reads and compiles the policy in `path`.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, or [`Policy::from_json`] fails.
    pub fn from_file(path: &Path) -> Result<Policy, PolicyError> {
        let source = path.display().to_string();
        let text = std::fs::read(path).map_err(|e| PolicyError {
            source: source.clone(),
            line: 1,
            column: 1,
            message: format!("cannot read the policy: {e}"),
        })?;
        let base = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        Policy::compile(&text, source, &base)
    }

    /// Compiles a policy from its text. `path` names it in errors and
    /// gives its default code (the file name up to its first `.`) and the
    /// directory its relative `$ref`s resolve in.
    ///
    /// # Errors
    ///
    /// The text is not JSON, not a valid schema of its draft (2020-12 unless
    /// `$schema` says otherwise), has an unknown `x-dswcheck-*` annotation
    /// or a bad annotation value, or a `$ref` that does not resolve locally.
    pub fn from_json(text: &[u8], path: &Path) -> Result<Policy, PolicyError> {
        let base = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        Policy::compile(text, path.display().to_string(), &base)
    }

    fn compile(text: &[u8], source: String, base: &Path) -> Result<Policy, PolicyError> {
        let located = Located::new(text, &source)?;
        let schema = &located.document.value;
        if let Err(e) = jsonschema::meta::validate(schema) {
            let pointer = from_location(e.instance_path().as_str());
            return Err(located.error(&pointer, format!("not a valid JSON Schema: {e}")));
        }
        let annotations =
            Annotations::collect(schema).map_err(|(pointer, m)| located.error(&pointer, m))?;
        resolve::check_refs(schema).map_err(|(pointer, m)| located.error(&pointer, m))?;
        let stem = base
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
            .unwrap_or_default()
            .to_owned();
        let default_code = match annotations.root_code() {
            Some(code) => code,
            None => PolicyCode::new(&stem).ok_or_else(|| {
                located.error(
                    &Pointer::root(),
                    format!(
                        "the file name {stem:?} cannot name the policy's code (lowercase letters, digits \
                         and `-`): give the root schema an \"x-dswcheck-code\""
                    ),
                )
            })?,
        };
        let base_uri = resolve::file_uri(base);
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .with_base_uri(base_uri)
            .with_retriever(resolve::Local)
            .with_pattern_options(jsonschema::PatternOptions::regex())
            .build(schema)
            .map_err(|e| {
                let pointer = located.ref_pointer(&e.to_string());
                located.error(&pointer, format!("cannot compile the policy: {e}"))
            })?;
        let description = ["description", "title"]
            .iter()
            .find_map(|k| schema.get(*k)?.as_str())
            .map(str::to_owned);
        Ok(Policy {
            inner: Arc::new(Inner {
                source,
                validator,
                annotations,
                default_code,
                description,
            }),
        })
    }

    /// The policy's file, as given.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.inner.source
    }

    /// Every code this policy can report.
    #[must_use]
    pub fn rules(&self) -> Vec<PolicyRule> {
        let inner = &*self.inner;
        let mut rules = vec![PolicyRule {
            code: Code::Policy(inner.default_code),
            severity: inner.annotations.root_severity(),
            description: inner.description.clone(),
        }];
        for (code, severity, description) in inner.annotations.codes() {
            if rules.iter().all(|r| r.code != Code::Policy(code)) {
                rules.push(PolicyRule {
                    code: Code::Policy(code),
                    severity,
                    description: description.or_else(|| inner.description.clone()),
                });
            }
        }
        rules
    }

    /// Checks `document` and adds a diagnostic per violation; past
    /// [`MAX_DIAGNOSTICS`](crate::MAX_DIAGNOSTICS) they are only counted, so
    /// a policy every element breaks cannot hold millions in memory.
    pub(crate) fn check(
        &self,
        document: &Value,
        out: &mut Findings<'_>,
        overflow: &mut crate::diagnostic::Overflow,
    ) {
        let inner = &*self.inner;
        // Most documents pass: one walk without collecting errors first.
        if inner.validator.is_valid(document) {
            return;
        }
        for error in inner.validator.iter_errors(document) {
            let found = inner
                .annotations
                .at(&from_location(error.schema_path().as_str()));
            let severity = found.severity.unwrap_or(Severity::Error);
            if out.len() >= crate::MAX_DIAGNOSTICS {
                // Counted, without building the message.
                overflow.note(severity);
                continue;
            }
            let code = found.code.unwrap_or(inner.default_code);
            let pointer = from_location(error.instance_path().as_str());
            let message = match found.message {
                Some(message) => message.to_owned(),
                None if shows_value(&pointer, error.instance()) => error.to_string(),
                None => error.masked().to_string(),
            };
            out.push_diagnostic(Diagnostic {
                severity,
                ..Diagnostic::new(Code::Policy(code), pointer, message)
            });
        }
    }
}

/// Whether a validator's message may quote the value: a scalar that is not
/// a secret and not inside one (`{"Secrets": {"primary": ...}}`). Objects
/// and arrays can hold secrets the message would print, and so can a string
/// of JSON text (`Options`), documented or not.
fn shows_value(pointer: &Pointer, value: &Value) -> bool {
    match value {
        Value::Object(_) | Value::Array(_) => return false,
        Value::String(s) if s.trim_start().starts_with(['{', '[']) => return false,
        _ => {}
    }
    let segments: Vec<_> = pointer.tokens().collect();
    // The field table's path, and the documented field it ends in (or the
    // array an element belongs to): a scalar where a container of
    // credentials belongs (`UserInfo: "AccessKeyId=..."`) is not shown.
    let mut keys: Vec<&str> = segments
        .iter()
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                crate::model::ELEMENT
            } else {
                s.as_ref()
            }
        })
        .collect();
    while keys.last() == Some(&crate::model::ELEMENT) {
        keys.pop();
    }
    let bears = crate::model::field_at(&keys)
        .is_some_and(|f| f.is_secret_bearing_container() || f.is_json_text());
    !bears && (1..=segments.len()).all(|end| !crate::secret::is_secret_path(&segments[..end]))
}

/// A policy's text with what places a pointer in it.
struct Located<'a> {
    text: &'a [u8],
    source: &'a str,
    document: crate::json::Document,
}

impl<'a> Located<'a> {
    fn new(text: &'a [u8], source: &'a str) -> Result<Self, PolicyError> {
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        let read = crate::json::read(text);
        match read.document {
            Some(document) if read.diagnostics.is_empty() => Ok(Located {
                text,
                source,
                document,
            }),
            _ => {
                let (line, column, message) = match read.diagnostics.first() {
                    Some(d) => {
                        let (line, column) = crate::lines::Positions::new(text).position(d.offset);
                        (line, column, d.diagnostic.message.clone())
                    }
                    None => (1, 1, "not JSON".to_owned()),
                };
                Err(PolicyError {
                    source: source.to_owned(),
                    line,
                    column,
                    message: format!("the policy is not JSON: {message}"),
                })
            }
        }
    }

    fn error(&self, pointer: &Pointer, message: String) -> PolicyError {
        let offset = self.document.offset_of(pointer);
        let (line, column) = crate::lines::Positions::new(self.text).position(offset);
        PolicyError {
            source: self.source.to_owned(),
            line,
            column,
            message,
        }
    }

    /// The pointer of the first `$ref` whose target `message` names (a
    /// reference error says which URI failed, not where it was written).
    fn ref_pointer(&self, message: &str) -> Pointer {
        let mut found = None;
        walk(
            &self.document.value,
            &mut Pointer::root(),
            &mut |pointer, key, value| {
                if found.is_none() && key == "$ref" {
                    if let Some(target) = value.as_str() {
                        let name = last_name(target);
                        if !name.is_empty() && message.contains(name.as_ref()) {
                            found = Some(pointer.clone());
                        }
                    }
                }
            },
        );
        found.unwrap_or_default()
    }
}

/// The last name of a `$ref` target, which an error about it quotes: the
/// last token of a fragment that is a JSON Pointer (`#/$defs/port`), else
/// the last segment of the URI's path or its plain-name fragment.
fn last_name(target: &str) -> std::borrow::Cow<'_, str> {
    if let Some(Ok(fragment)) = target.split_once('#').map(|(_, f)| Pointer::parse(f)) {
        if let Some(last) = fragment.last() {
            return std::borrow::Cow::Owned(last.into_owned());
        }
    }
    // A URI, not a pointer: its path's segments end at `/`.
    let name = target.rsplit('/').next().unwrap_or(target);
    std::borrow::Cow::Borrowed(name.trim_start_matches('#'))
}

/// A JSON Pointer as jsonschema writes one (always well formed); the root
/// should it ever not be.
fn from_location(text: &str) -> Pointer {
    Pointer::parse(text).unwrap_or_default()
}

/// Calls `visit` with the pointer, key and value of every object member of
/// `value`, depth first.
pub(crate) fn walk(
    value: &Value,
    pointer: &mut Pointer,
    visit: &mut dyn FnMut(&Pointer, &str, &Value),
) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let len = pointer.len();
                pointer.push(key);
                visit(pointer, key, member);
                walk(member, pointer, visit);
                pointer.truncate(len);
            }
        }
        Value::Array(elements) => {
            for (i, element) in elements.iter().enumerate() {
                let len = pointer.len();
                pointer.push_index(i);
                walk(element, pointer, visit);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
