//! Numbers are kept as written and compared by exact value: nothing is lost
//! on the way through, equal numbers written differently are no change, and
//! the canonical form writes them alike.

use dswcheck::DiffOptions;

fn read(text: &str) -> dswcheck::Report {
    dswcheck::read(text.as_bytes())
}

fn changes(old: &str, new: &str) -> usize {
    dswcheck::diff(&read(old), &read(new), &DiffOptions::new())
        .unwrap()
        .changes
        .len()
}

fn canonical(text: &str) -> String {
    String::from_utf8(dswcheck::normalize_to_vec(&read(text), &DiffOptions::new())).unwrap()
}

#[test]
fn equal_values_written_differently_are_no_change() {
    for (a, b) in [
        ("1", "1.0"),
        ("1", "1e0"),
        ("-0", "0"),
        ("100", "1E2"),
        ("0.5", "5e-1"),
    ] {
        let (old, new) = (
            format!(r#"{{"Extra": {a}}}"#),
            format!(r#"{{"Extra": {b}}}"#),
        );
        assert_eq!(changes(&old, &new), 0, "{a} vs {b}");
        assert_eq!(canonical(&old), canonical(&new), "{a} vs {b}");
    }
}

#[test]
fn numbers_that_differ_in_the_last_of_30_digits_differ() {
    let old = r#"{"Extra": 123456789012345678901234567890}"#;
    let new = r#"{"Extra": 123456789012345678901234567891}"#;
    let diff = dswcheck::diff(&read(old), &read(new), &DiffOptions::new()).unwrap();
    assert_eq!(diff.changes.len(), 1);
    let text = diff.to_text(false);
    assert!(
        text.contains("123456789012345678901234567890 -> 123456789012345678901234567891"),
        "{text}"
    );
    assert_ne!(canonical(old), canonical(new));
}

#[test]
fn nothing_is_lost_on_the_way_through() {
    let body =
        r#"{"Extra": [123456789012345678901234567890, 1.10, 3.141592653589793238462643383279]}"#;
    let canonical = canonical(body);
    for digits in [
        "123456789012345678901234567890",
        "1.1",
        "3.141592653589793238462643383279",
    ] {
        assert!(canonical.contains(digits), "{canonical}");
    }
    // The typed model keeps unknown fields' numbers as written too.
    let report = dswcheck::parse(body.as_bytes());
    let instance = report.instance().unwrap();
    assert_eq!(
        serde_json::to_string(&instance.extra["Extra"]).unwrap(),
        "[123456789012345678901234567890,1.10,3.141592653589793238462643383279]"
    );
}

#[test]
fn identities_and_sets_compare_numbers_by_value() {
    // Ports identify forwards; `22` and `22.0` are one port.
    let old = r#"{"UserVpc": {"ForwardInfos": [{"ForwardPort": 22, "Name": "ssh"}]}}"#;
    let new = r#"{"UserVpc": {"ForwardInfos": [{"ForwardPort": 22.0, "Name": "ssh"}]}}"#;
    assert_eq!(changes(old, new), 0);
}
