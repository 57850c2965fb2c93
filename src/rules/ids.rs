//! Nested instance IDs that must name the instance itself.

use super::Findings;
use crate::decode::quote;
use crate::diagnostic::Code;
use crate::model::Instance;
use crate::pointer::pointer;

/// Checks that `InstanceShutdownTimer.InstanceId` and
/// `IdleInstanceCuller.InstanceId` equal the top-level `InstanceId`.
///
/// An empty or absent ID on either side says nothing, so it is not compared.
pub(crate) fn check(instance: &Instance, out: &mut Findings<'_>) {
    let Some(top) = instance.instance_id.as_deref().filter(|id| !id.is_empty()) else {
        return;
    };
    let nested = [
        (
            "InstanceShutdownTimer",
            instance
                .instance_shutdown_timer
                .as_ref()
                .and_then(|t| t.instance_id.as_deref()),
        ),
        (
            "IdleInstanceCuller",
            instance
                .idle_instance_culler
                .as_ref()
                .and_then(|c| c.instance_id.as_deref()),
        ),
    ];
    for (object, id) in nested {
        if let Some(id) = id.filter(|id| !id.is_empty() && *id != top) {
            out.push(
                Code::IdMismatch,
                pointer![object, "InstanceId"],
                format!(
                    "instance id {} differs from the top-level InstanceId {}",
                    quote(id),
                    quote(top)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::test_util::{diagnostics_of, instance};

    #[test]
    fn nested_ids_must_match_the_instance() {
        let cases = [
            (
                json!({"InstanceId": "dsw-1", "InstanceShutdownTimer": {"InstanceId": "dsw-1"}, "IdleInstanceCuller": {"InstanceId": "dsw-1"}}),
                vec![],
            ),
            (
                json!({"InstanceId": "dsw-1", "InstanceShutdownTimer": {"InstanceId": "dsw-2"}}),
                vec!["/InstanceShutdownTimer/InstanceId"],
            ),
            (
                json!({"InstanceId": "dsw-1", "IdleInstanceCuller": {"InstanceId": "DSW-1"}}),
                vec!["/IdleInstanceCuller/InstanceId"],
            ),
            (
                json!({"InstanceId": "dsw-1", "InstanceShutdownTimer": {"InstanceId": "dsw-2"}, "IdleInstanceCuller": {"InstanceId": "dsw-3"}}),
                vec![
                    "/InstanceShutdownTimer/InstanceId",
                    "/IdleInstanceCuller/InstanceId",
                ],
            ),
            // Unset on either side: nothing to compare.
            (
                json!({"InstanceId": "", "InstanceShutdownTimer": {"InstanceId": "dsw-2"}}),
                vec![],
            ),
            (
                json!({"InstanceShutdownTimer": {"InstanceId": "dsw-2"}}),
                vec![],
            ),
            (
                json!({"InstanceId": "dsw-1", "InstanceShutdownTimer": {"InstanceId": ""}, "IdleInstanceCuller": {}}),
                vec![],
            ),
        ];
        for (doc, want) in cases {
            let found = diagnostics_of(check, &instance(&doc));
            assert!(
                found
                    .iter()
                    .all(|d| d.code == Code::IdMismatch && d.severity == crate::Severity::Warning)
            );
            let pointers: Vec<_> = found.iter().map(|d| d.pointer.as_str()).collect();
            assert_eq!(pointers, want, "{doc}");
        }
    }

    #[test]
    fn message_names_both_ids() {
        let doc = json!({"InstanceId": "dsw-1", "InstanceShutdownTimer": {"InstanceId": "dsw-2"}});
        let found = diagnostics_of(check, &instance(&doc));
        assert_eq!(
            found[0].message,
            "instance id \"dsw-2\" differs from the top-level InstanceId \"dsw-1\""
        );
    }
}
