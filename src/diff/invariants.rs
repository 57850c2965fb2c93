//! What the two snapshots say together: invariants that no single snapshot breaks.

use super::{Finding, FindingCode};
use crate::decode::quote;
use crate::diagnostic::Severity;
use crate::model::Instance;
use crate::time::parse_rfc3339;

/// The top-level fields the invariants and the instance check read.
pub(super) const FIELDS: &[&str] = &[
    "InstanceId",
    "GmtCreateTime",
    "GmtModifiedTime",
    "AccumulatedRunningTimeInMs",
];

/// The cross-snapshot invariants on top-level fields.
pub(super) fn invariants(old: &Instance, new: &Instance) -> Vec<Finding> {
    let mut out = Vec::new();
    if let (Some(o), Some(n)) = (&old.gmt_create_time, &new.gmt_create_time) {
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
        old.accumulated_running_time_in_ms,
        new.accumulated_running_time_in_ms,
    ) {
        if n < o {
            out.push(Finding {
                severity: Severity::Warning,
                code: FindingCode::RunningTimeDecreased,
                message: format!("AccumulatedRunningTimeInMs decreased from {o} to {n}: are the snapshots swapped?"),
            });
        }
    }
    if let (Some(o), Some(n)) = (&old.gmt_modified_time, &new.gmt_modified_time) {
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
