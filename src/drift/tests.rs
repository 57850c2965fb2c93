use super::collect::{PAGE, place};
use super::*;

fn drift_of(lines: &str, threads: usize) -> Drift {
    let mut drift = Drift::new();
    drift
        .add_lines(
            "f.ndjson",
            lines.as_bytes(),
            NonZeroUsize::new(threads).unwrap(),
        )
        .expect("in-memory input");
    drift
}

#[test]
fn paths_lose_their_indexes_and_pages_their_items() {
    let body = serde_json::json!({"Datasets": [{}, {"Foo": {"a/b": 1}}], "Labels": []});
    let table = [
        ("/Datasets/1/Foo", "Datasets[].Foo"),
        ("/Datasets/1/Foo/a~1b", "Datasets[].Foo.a/b"),
        ("/Nope/3", "Nope[]"),
        ("/Labels/7/X", "Labels[].X"),
        ("", ""),
    ];
    for (pointer, path) in table {
        assert_eq!(
            place(&ptr(pointer), Some(&body), false),
            (path.to_owned(), None),
            "{pointer}"
        );
    }
    let page = serde_json::json!({"Instances": [{}, {"Datasets": [{}]}]});
    assert_eq!(
        place(&ptr("/Instances/1/Datasets/0/Foo"), Some(&page), true),
        ("Datasets[].Foo".to_owned(), Some(1))
    );
    assert_eq!(
        place(&ptr("/Extra"), Some(&page), true),
        (format!("{PAGE}.Extra"), None)
    );
}

#[test]
fn counts_first_sources_and_shares() {
    let lines = "{\"InstanceId\": \"a\", \"TenantId\": \"t\", \"Color\": 1, \"Status\": \"Running\"}\n\
                 \n\
                 {\"InstanceId\": \"b\", \"Status\": \"Hibernating\", \"Color\": 2, \"Datasets\": [{\"Foo\": 1}, {\"Foo\": 2}]}\n\
                 not json\n";
    for threads in [1, 2] {
        let drift = drift_of(lines, threads);
        assert_eq!(
            (
                drift.documents,
                drift.invalid,
                drift.instances,
                drift.unreadable
            ),
            (3, 2, 2, 1)
        );
        assert_eq!(drift.share("TenantId"), Some(0.5));
        assert_eq!(drift.share("InstanceId"), Some(1.0));
        assert_eq!(drift.share("Nope"), None);
        let unknown: Vec<_> = drift.unknown_fields().collect();
        assert_eq!(unknown, [("Color", 2), ("Datasets[].Foo", 2)]);
        assert_eq!(drift.source(drift.unknown["Color"].first), "f.ndjson:1");
        assert_eq!(
            drift.source(drift.unknown["Datasets[].Foo"].first),
            "f.ndjson:3"
        );
        assert_eq!(drift.unknown["Datasets[].Foo"].instances, 1);
        assert_eq!(drift.code_count(Code::JsonSyntax), 1);
        let status = &drift.values["Status"];
        assert_eq!(status.code, Some(Code::EnumUnknown));
        assert_eq!(
            drift.source(status.values["Hibernating"].first),
            "f.ndjson:3"
        );
        let dist = &drift.distributions[0];
        assert_eq!((dist.values["Running"].count, dist.absent), (1, 0));
    }
}

#[test]
fn a_page_counts_each_item_as_an_instance() {
    let page = r#"{"RequestId": "r", "Instances": [{"InstanceId": "a", "Color": 1}, {"InstanceId": "b", "Color": 2, "TenantId": "t"}], "TotalCount": 2}"#;
    let mut drift = Drift::new();
    drift.add(
        Source::Document("page.json"),
        &crate::validate(page.as_bytes()),
    );
    assert_eq!((drift.documents, drift.pages, drift.instances), (1, 1, 2));
    assert_eq!(drift.share("TenantId"), Some(0.5));
    assert_eq!(drift.unknown["Color"].instances, 2);
}

#[test]
fn distinct_values_are_capped_and_the_rest_counted() {
    let mut lines = String::new();
    for i in 0..(DRIFT_MAX_VALUES + 5) {
        lines.push_str(&format!("{{\"Status\": \"S{i}\"}}\n"));
    }
    let drift = drift_of(&lines, 2);
    let status = &drift.values["Status"];
    assert_eq!((status.values.len(), status.other), (DRIFT_MAX_VALUES, 5));
    assert_eq!(drift.distributions[0].other, 5);
    assert!(drift.to_json().contains("\"enum_values_left_out\": 5"));
}

#[test]
fn long_and_secret_looking_values_are_cut_and_redacted() {
    let token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    let lines = format!(
        "{{\"Status\": \"{}\"}}\n{{\"Status\": \"{token}\"}}\n",
        "x".repeat(200)
    );
    let drift = drift_of(&lines, 1);
    let all = drift.to_text(false) + &drift.to_json() + &drift.to_markdown() + &drift.to_html();
    assert!(!all.contains(token), "{all}");
    assert!(!all.contains(&"x".repeat(65)));
}

#[test]
fn an_empty_report_renders() {
    let drift = Drift::new();
    assert_eq!(
        drift.to_text(false),
        "dswcheck drift: 0 documents, 0 invalid; 0 instances\n"
    );
    assert!(drift.to_json().contains("\"share\": null"));
    assert!(drift.to_html().ends_with("</html>\n"));
}

fn ptr(text: &str) -> crate::Pointer {
    crate::Pointer::parse(text).expect("a test's pointer")
}
