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
    if let Some(instance) = &pass.instance {
        api_error(instance, &mut pass.diagnostics);
        rules::check(instance, &mut pass.diagnostics);
    }
    pass.finish()
}

/// Recognizes an API error body: `Success: false`, a `Code` with an HTTP
/// status of 400 or more, or the generic OpenAPI error envelope.
fn api_error(instance: &Instance, out: &mut Vec<Diagnostic>) {
    let code = instance
        .code
        .as_ref()
        .map(|c| c.as_str())
        .filter(|c| !c.is_empty() && *c != "null");
    let status = instance.http_status_code;
    let envelope =
        instance.extra.contains_key("HostId") || instance.extra.contains_key("Recommend");
    let failed = instance.success == Some(false)
        || (code.is_some() && (status.is_some_and(|s| s >= 400) || envelope));
    if !failed {
        return;
    }
    // An error body's Code comes from the service's open-ended error catalogue:
    // the api-error diagnostic below says all there is to say about it.
    out.retain(|d| !(d.code == Code::EnumUnlisted && d.pointer == "/Code"));
    let mut message = String::from("the body is an API error response, not an instance");
    if let Some(code) = code {
        message.push_str(&format!(": Code {}", crate::decode::quote(code)));
    }
    if let Some(text) = instance
        .message
        .as_deref()
        .filter(|m| !m.is_empty() && *m != "null")
    {
        message.push_str(&format!(", Message {}", crate::text::quote_cut(text, 200)));
    }
    if let Some(status) = status {
        message.push_str(&format!(" (HTTP {status})"));
    }
    out.push(Diagnostic::new(Code::ResponseApiError, "", message));
}
