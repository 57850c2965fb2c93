//! Validation: the tolerant parse, then the semantic rules.
//!
//! The JSON Schema is not run here: the parse's typed decoder already
//! reports every value it rejects (see `src/schema.rs`).

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Instance;
use crate::parse::{self, Report};
use crate::rules;

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
    let mut pass = parse::pass(bytes, true);
    if let (Some(instance), Some(document)) = (&pass.instance, &pass.document) {
        api_error(instance, &mut pass.diagnostics);
        rules::check(instance, &document.value, &mut pass.diagnostics);
    }
    pass.finish()
}

/// Reports an API error body as one `response.api-error`.
fn api_error(instance: &Instance, out: &mut Vec<Diagnostic>) {
    let Some(message) = rules::api_error::describe(instance) else {
        return;
    };
    // An error body's Code comes from the service's open-ended error catalogue:
    // the api-error diagnostic says all there is to say about it.
    out.retain(|d| !(d.code == Code::EnumUnlisted && d.pointer == "/Code"));
    out.push(Diagnostic::new(Code::ResponseApiError, "", message));
}
