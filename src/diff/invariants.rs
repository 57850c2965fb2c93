//! What the two snapshots say together: invariants that no single snapshot breaks.

use serde_json::Value;

use super::{Finding, FindingCode};
use crate::decode::quote;
use crate::diagnostic::Severity;
use crate::time::parse_rfc3339;

/// The `InstanceId` of a snapshot, read as the typed model reads it (a number is its text).
pub(super) fn instance_id(snapshot: &Value) -> Option<String> {
    match snapshot.get("InstanceId")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A top-level string field.
pub(super) fn string<'v>(snapshot: &'v Value, field: &str) -> Option<&'v str> {
    snapshot.get(field).and_then(Value::as_str)
}

/// A top-level integer field, read as the typed model reads it (a numeric string is its number).
pub(super) fn integer(snapshot: &Value, field: &str) -> Option<i64> {
    match snapshot.get(field)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) if !s.is_empty() => s.trim().parse().ok(),
        _ => None,
    }
}

/// The cross-snapshot invariants on top-level fields.
pub(super) fn invariants(old: &Value, new: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    if let (Some(o), Some(n)) = (string(old, "GmtCreateTime"), string(new, "GmtCreateTime")) {
        if o != n {
            out.push(Finding {
                severity: Severity::Error,
                code: FindingCode::CreateTimeChanged,
                message: format!(
                    "GmtCreateTime changed from {} to {}: an instance is created only once, so these may be two instances that reused an id",
                    quote(o),
                    quote(n)
                ),
            });
        }
    }
    if let (Some(o), Some(n)) = (
        integer(old, "AccumulatedRunningTimeInMs"),
        integer(new, "AccumulatedRunningTimeInMs"),
    ) {
        if n < o {
            out.push(Finding {
                severity: Severity::Warning,
                code: FindingCode::RunningTimeDecreased,
                message: format!("AccumulatedRunningTimeInMs decreased from {o} to {n}: are the snapshots swapped?"),
            });
        }
    }
    if let (Some(o), Some(n)) = (
        string(old, "GmtModifiedTime"),
        string(new, "GmtModifiedTime"),
    ) {
        // The parser validate uses: a time it rejects as `time.format` orders nothing here.
        if let (Ok(ot), Ok(nt)) = (parse_rfc3339(o), parse_rfc3339(n)) {
            if nt < ot {
                out.push(Finding {
                    severity: Severity::Warning,
                    code: FindingCode::SnapshotsSwapped,
                    message: format!(
                        "the new snapshot was modified at {}, before the old one at {}: are the snapshots swapped?",
                        quote(n),
                        quote(o)
                    ),
                });
            }
        }
    }
    out
}
