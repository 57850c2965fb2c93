//! Timestamps: RFC 3339 syntax, and modification not before creation.
//!
//! The API sends `""` for times that are not set, so an empty string is
//! treated as absent everywhere here.

use super::Findings;
use crate::decode::quote;
use crate::diagnostic::Code;
use crate::model::Instance;
use crate::pointer::{Pointer, pointer};
use crate::time::{Instant, parse_rfc3339};

/// Checks every documented timestamp, and the creation/modification order of
/// each object that has both.
pub(crate) fn check(instance: &Instance, out: &mut Findings<'_>) {
    pair(
        out,
        instance.gmt_create_time.as_deref(),
        instance.gmt_modified_time.as_deref(),
        |field| pointer![field],
    );
    if let Some(timer) = &instance.instance_shutdown_timer {
        let at = |field: &str| pointer!["InstanceShutdownTimer", field];
        pair(
            out,
            timer.gmt_create_time.as_deref(),
            timer.gmt_modified_time.as_deref(),
            at,
        );
        single(out, timer.due_time.as_deref(), || at("DueTime"));
    }
    if let Some(snapshot) = &instance.latest_snapshot {
        pair(
            out,
            snapshot.gmt_create_time.as_deref(),
            snapshot.gmt_modified_time.as_deref(),
            |field| pointer!["LatestSnapshot", field],
        );
    }
    for (i, snapshot) in instance.instance_snapshot_list.iter().flatten().enumerate() {
        pair(
            out,
            snapshot.gmt_create_time.as_deref(),
            snapshot.gmt_modified_time.as_deref(),
            |field| pointer!["InstanceSnapshotList", i, field],
        );
    }
}

/// Checks a `GmtCreateTime`/`GmtModifiedTime` pair; `at` builds the pointer
/// of a field only when there is something to report.
fn pair(
    out: &mut Findings<'_>,
    created: Option<&str>,
    modified: Option<&str>,
    at: impl Fn(&str) -> Pointer,
) {
    let created_at = single(out, created, || at("GmtCreateTime"));
    let modified_at = single(out, modified, || at("GmtModifiedTime"));
    if let (Some(c), Some(m)) = (created_at, modified_at) {
        if m < c {
            out.push(
                Code::TimeOrder,
                at("GmtModifiedTime"),
                format!(
                    "GmtModifiedTime {} is before GmtCreateTime {} of the same object",
                    quote(modified.unwrap_or_default()),
                    quote(created.unwrap_or_default())
                ),
            );
        }
    }
}

/// Checks one timestamp; returns its instant when it is set and valid.
fn single(
    out: &mut Findings<'_>,
    value: Option<&str>,
    at: impl FnOnce() -> Pointer,
) -> Option<Instant> {
    let value = value.filter(|v| !v.is_empty())?;
    match parse_rfc3339(value) {
        Ok(instant) => Some(instant),
        Err(reason) => {
            out.push(
                Code::TimeFormat,
                at(),
                format!(
                    "{} is not an RFC 3339 timestamp such as \"2021-01-12T14:36:01Z\": {reason}",
                    quote(value)
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{diagnostics_of, instance};

    #[test]
    fn reports_bad_formats_at_each_timestamp() {
        let bad = "2021-01-12 14:36:01";
        let doc = serde_json::json!({
            "GmtCreateTime": bad,
            "GmtModifiedTime": "",
            "InstanceShutdownTimer": {"GmtCreateTime": bad, "GmtModifiedTime": bad, "DueTime": bad},
            "LatestSnapshot": {"GmtCreateTime": bad, "GmtModifiedTime": "2021-02-30T00:00:00Z"},
            "InstanceSnapshotList": [{"GmtCreateTime": "", "GmtModifiedTime": ""}, {"GmtModifiedTime": bad}],
        });
        let found = diagnostics_of(check, &instance(&doc));
        let pointers: Vec<_> = found.iter().map(|d| (d.code, d.pointer.as_str())).collect();
        assert_eq!(
            pointers,
            [
                (Code::TimeFormat, "/GmtCreateTime"),
                (Code::TimeFormat, "/InstanceShutdownTimer/GmtCreateTime"),
                (Code::TimeFormat, "/InstanceShutdownTimer/GmtModifiedTime"),
                (Code::TimeFormat, "/InstanceShutdownTimer/DueTime"),
                (Code::TimeFormat, "/LatestSnapshot/GmtCreateTime"),
                (Code::TimeFormat, "/LatestSnapshot/GmtModifiedTime"),
                (Code::TimeFormat, "/InstanceSnapshotList/1/GmtModifiedTime"),
            ]
        );
        assert_eq!(
            found[0].message,
            "\"2021-01-12 14:36:01\" is not an RFC 3339 timestamp such as \"2021-01-12T14:36:01Z\": \
             date and time must be separated by 'T', found ' '"
        );
    }

    #[test]
    fn reports_modification_before_creation() {
        let doc = serde_json::json!({
            // Equal instants in different offsets are in order.
            "GmtCreateTime": "2021-01-12T14:36:01Z",
            "GmtModifiedTime": "2021-01-12T22:36:01+08:00",
            "InstanceShutdownTimer": {"GmtCreateTime": "2021-01-12T14:36:01Z", "GmtModifiedTime": "2021-01-12T14:36:00.999Z"},
            "LatestSnapshot": {"GmtCreateTime": "2021-01-12T14:36:01Z", "GmtModifiedTime": "2021-01-12T22:36:00+08:00"},
            "InstanceSnapshotList": [
                {"GmtCreateTime": "2021-01-12T14:36:01Z", "GmtModifiedTime": "2021-01-13T00:00:00Z"},
                {"GmtCreateTime": "2021-01-12T14:36:01Z", "GmtModifiedTime": "2020-01-12T14:36:01Z"},
                // An unset or unparsable side leaves the order unknown.
                {"GmtCreateTime": "", "GmtModifiedTime": "2020-01-12T14:36:01Z"},
            ],
        });
        let found = diagnostics_of(check, &instance(&doc));
        let pointers: Vec<_> = found.iter().map(|d| (d.code, d.pointer.as_str())).collect();
        assert_eq!(
            pointers,
            [
                (Code::TimeOrder, "/InstanceShutdownTimer/GmtModifiedTime"),
                (Code::TimeOrder, "/LatestSnapshot/GmtModifiedTime"),
                (Code::TimeOrder, "/InstanceSnapshotList/1/GmtModifiedTime"),
            ]
        );
        assert_eq!(
            found[1].message,
            "GmtModifiedTime \"2021-01-12T22:36:00+08:00\" is before GmtCreateTime \"2021-01-12T14:36:01Z\" of the same object"
        );
        assert_eq!(found[1].severity, crate::Severity::Warning);
    }

    #[test]
    fn empty_and_absent_times_are_silent() {
        let doc = serde_json::json!({"GmtCreateTime": "", "InstanceShutdownTimer": {"DueTime": ""}, "LatestSnapshot": {}});
        assert!(diagnostics_of(check, &instance(&doc)).is_empty());
    }
}
