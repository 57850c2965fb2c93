//! ListInstances pages as a whole: what no one item says.

use super::Findings;
use crate::diagnostic::Code;
use crate::json::{Kind, Node};
use crate::model::ListInstances;
use crate::pointer::pointer;
use crate::text::plural;

/// Checks that no instance is listed twice on the page (reported at the
/// later item) and that `TotalCount`, the count across all pages, is not
/// smaller than this page's items.
///
/// The items are read from `document`, so that a page whose typed
/// `Instances` were rejected (an element that is not an object) is still
/// checked.
pub(crate) fn check<'a, N: Node<'a>>(
    list: Option<&ListInstances>,
    document: N,
    out: &mut Findings<'_>,
) {
    let Some(items) = document
        .get("Instances")
        .filter(|i| i.kind() == Kind::Array)
    else {
        return;
    };
    let ids = items.elements().map(|item| {
        item.get("InstanceId")
            .and_then(Node::as_str)
            .filter(|id| !id.is_empty())
    });
    super::keys::unique(
        out,
        ids,
        Code::ListDuplicateInstanceId,
        "Instances",
        "InstanceId",
    );
    let total = list.and_then(|l| l.total_count);
    if let Some(total) = total.filter(|&t| t >= 0 && (t as u64) < items.len() as u64) {
        out.push(
            Code::ListTotalCount,
            pointer!["TotalCount"],
            format!(
                "TotalCount is {total}, fewer than the {} on this page",
                plural(items.len(), "instance")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;

    fn codes(body: &str) -> Vec<(Code, String, u32, u32)> {
        crate::validate(body.as_bytes())
            .diagnostics()
            .iter()
            .map(|d| (d.code, d.pointer.to_string(), d.line, d.column))
            .collect()
    }

    #[test]
    fn an_instance_listed_twice_is_reported_at_the_second() {
        let body = r#"{"TotalCount": 3, "Instances": [
            {"InstanceId": "dsw-1"},
            {"InstanceId": "dsw-2"},
            {"InstanceId": "dsw-1"}
        ]}"#;
        assert_eq!(
            codes(body),
            [(
                Code::ListDuplicateInstanceId,
                "/Instances/2/InstanceId".to_owned(),
                4,
                28
            )]
        );
        let report = crate::validate(body.as_bytes());
        let d = &report.diagnostics()[0];
        assert_eq!(
            d.message,
            r#"InstanceId "dsw-1" repeats /Instances/0/InstanceId"#
        );
    }

    #[test]
    fn a_total_below_the_page_is_a_warning() {
        let body =
            r#"{"TotalCount": 1, "Instances": [{"InstanceId": "dsw-1"}, {"InstanceId": "dsw-2"}]}"#;
        let report = crate::validate(body.as_bytes());
        assert!(report.is_valid());
        let d = &report.diagnostics()[0];
        assert_eq!(
            (d.code, d.pointer.as_str()),
            (Code::ListTotalCount, "/TotalCount")
        );
        assert_eq!(
            d.message,
            "TotalCount is 1, fewer than the 2 instances on this page"
        );
        // A later page holds fewer items than the total: nothing to say.
        assert!(codes(r#"{"TotalCount": 35, "Instances": [{"InstanceId": "dsw-1"}]}"#).is_empty());
    }

    #[test]
    fn pages_with_a_rejected_item_are_still_checked() {
        let body = r#"{"TotalCount": 2, "Instances": [7, {"InstanceId": "dsw-1", "IdleInstanceCuller": {"CpuPercentThreshold": 300}}]}"#;
        let found = codes(body);
        assert!(
            found.contains(&(Code::TypeMismatch, "/Instances/0".to_owned(), 1, 33)),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(c, p, _, _)| *c == Code::PercentRange
                && p == "/Instances/1/IdleInstanceCuller/CpuPercentThreshold"),
            "{found:?}"
        );
    }
}
