//! The `x-dswcheck-*` annotations of a policy, and which apply to a
//! violation.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::{PolicyCode, Severity};
use crate::pointer::Pointer;

/// The annotations a policy may carry; any other `x-dswcheck-*` is an error,
/// so that a typo is not silently ignored.
const KNOWN: &[&str] = &[
    "x-dswcheck-code",
    "x-dswcheck-severity",
    "x-dswcheck-message",
];

/// The annotations of one subschema.
#[derive(Debug, Default, Clone)]
struct Set {
    code: Option<PolicyCode>,
    severity: Option<Severity>,
    message: Option<String>,
    /// The subschema's `description` or `title`, for listings of its code.
    description: Option<String>,
}

/// Every annotated subschema of a policy, by its pointer in the policy.
#[derive(Debug, Default)]
pub(super) struct Annotations {
    by_pointer: BTreeMap<Pointer, Set>,
}

/// What applies to one violation: for each annotation, the nearest
/// subschema above the failing keyword that sets it.
#[derive(Debug, Default)]
pub(super) struct Found<'a> {
    pub code: Option<PolicyCode>,
    pub severity: Option<Severity>,
    pub message: Option<&'a str>,
}

impl Annotations {
    /// Reads and checks every annotation; an error gives the pointer of the
    /// offending value and why.
    pub(super) fn collect(schema: &Value) -> Result<Self, (Pointer, String)> {
        let mut annotations = Annotations::default();
        let mut error = None;
        super::walk(schema, &mut Pointer::root(), &mut |pointer, key, value| {
            if error.is_some() || !key.starts_with("x-dswcheck-") {
                return;
            }
            let parent = pointer.parent().unwrap_or_default();
            if let Err(message) = annotations.add(parent, key, value) {
                error = Some((pointer.clone(), message));
            }
        });
        if let Some(error) = error {
            return Err(error);
        }
        // Descriptions only for the subschemas that name a code.
        for (pointer, set) in &mut annotations.by_pointer {
            let subschema = schema.pointer(pointer.as_str());
            set.description = ["description", "title"]
                .iter()
                .find_map(|k| Some(subschema?.get(*k)?.as_str()?.to_owned()));
        }
        Ok(annotations)
    }

    fn add(&mut self, parent: Pointer, key: &str, value: &Value) -> Result<(), String> {
        if !KNOWN.contains(&key) {
            return Err(format!(
                "unknown annotation {key:?}: dswcheck reads {}",
                KNOWN.join(", ")
            ));
        }
        let text = value
            .as_str()
            .ok_or_else(|| format!("{key} must be a string"))?;
        let set = self.by_pointer.entry(parent).or_default();
        match key {
            "x-dswcheck-code" => {
                let name = text.strip_prefix("policy.").unwrap_or(text);
                set.code = Some(PolicyCode::new(name).ok_or_else(|| {
                    format!(
                        "x-dswcheck-code {text:?} is not a code name: lowercase letters, digits and \
                         inner `-` (it becomes policy.NAME)"
                    )
                })?);
            }
            "x-dswcheck-severity" => {
                set.severity = Some(match text {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    "info" => Severity::Info,
                    _ => {
                        return Err(format!(
                            "x-dswcheck-severity {text:?} is not error, warning or info"
                        ));
                    }
                });
            }
            _ => set.message = Some(text.to_owned()),
        }
        Ok(())
    }

    /// The code the root schema names, if any.
    pub(super) fn root_code(&self) -> Option<PolicyCode> {
        self.by_pointer.get("").and_then(|s| s.code)
    }

    /// The root schema's severity, `error` by default.
    pub(super) fn root_severity(&self) -> Severity {
        self.by_pointer
            .get("")
            .and_then(|s| s.severity)
            .unwrap_or(Severity::Error)
    }

    /// Every code a subschema names, with its severity and description.
    pub(super) fn codes(
        &self,
    ) -> impl Iterator<Item = (PolicyCode, Severity, Option<String>)> + '_ {
        self.by_pointer.iter().filter_map(|(pointer, set)| {
            let severity = set
                .severity
                .or_else(|| self.at(pointer).severity)
                .unwrap_or(Severity::Error);
            Some((set.code?, severity, set.description.clone()))
        })
    }

    /// The annotations that apply to a failing keyword at `schema_path`.
    pub(super) fn at(&self, schema_path: &Pointer) -> Found<'_> {
        let mut found = Found::default();
        let mut prefix = Some(schema_path.clone());
        while let Some(at) = prefix {
            if let Some(set) = self.by_pointer.get(&at) {
                found.code = found.code.or(set.code);
                found.severity = found.severity.or(set.severity);
                found.message = found.message.or(set.message.as_deref());
            }
            prefix = at.parent();
        }
        found
    }
}
