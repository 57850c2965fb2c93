//! `dswcheck drift`: the report over the fixtures of `tests/data/drift/` in
//! every format, as snapshots; its JSON contract, decoded strictly; the
//! same report whatever the thread count; and HTML that no value can break.

mod common;

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::process::Command;

use serde::Deserialize;

const BIN: &str = env!("CARGO_BIN_EXE_dswcheck");

/// The fleet: NDJSON of GetInstance bodies (unknown fields, undocumented and
/// unlisted enum values, `TenantId` in part of it, a blank line, a line
/// that is not JSON), then one plain body.
const FLEET: &[&str] = &[
    "tests/data/drift/fleet.ndjson",
    "tests/data/drift/single.json",
];

/// Runs `dswcheck drift ARGS` from the crate root: (exit code, stdout, stderr).
fn drift(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("drift")
        .args(args)
        .output()
        .expect("dswcheck runs");
    (
        output.status.code().expect("exited"),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}

fn fleet_in(format: &str, threads: &str) -> String {
    let mut args = vec!["--format", format, "--threads", threads];
    args.extend(FLEET);
    let (code, stdout, stderr) = drift(&args);
    assert_eq!((code, stderr.as_str()), (0, ""), "drift --format {format}");
    stdout
}

#[test]
fn every_format_of_the_fleet() {
    for format in ["text", "json", "markdown", "html"] {
        let out = fleet_in(format, "2");
        common::snapshot_settings()
            .bind(|| insta::assert_snapshot!(format!("fleet_{format}"), out));
    }
}

/// ListInstances pages, as NDJSON lines and as a file, and an API error body.
const PAGES: &[&str] = &[
    "tests/data/drift/pages.ndjson",
    "tests/data/drift/page.json",
];

#[test]
fn pages_count_each_item_as_an_instance() {
    for format in ["text", "json"] {
        let mut args = vec!["--format", format];
        args.extend(PAGES);
        let (code, out, stderr) = drift(&args);
        assert_eq!((code, stderr.as_str()), (0, ""));
        common::snapshot_settings()
            .bind(|| insta::assert_snapshot!(format!("pages_{format}"), out));
    }
    let mut args = vec!["--format", "json"];
    args.extend(PAGES);
    let report: Report = serde_json::from_str(&drift(&args).1).expect("the documented format");
    let d = &report.documents;
    assert_eq!((d.total, d.pages, d.instances, d.api_errors), (4, 3, 8, 1));
    let next = report
        .unknown_fields
        .iter()
        .find(|u| u.path == "(page).NextToken")
        .expect("the envelope's own unknown field");
    // Once per page that has it, not per item.
    assert_eq!((next.count, next.instances), (2, 2));
    let cache = report
        .unknown_fields
        .iter()
        .find(|u| u.path == "Datasets[].CacheMode")
        .expect("an item's unknown field, without /Instances/N");
    assert_eq!(cache.first_source, "tests/data/drift/pages.ndjson:1");
    let tenant = report
        .fields
        .iter()
        .find(|f| f.path == "TenantId")
        .expect("documented");
    assert_eq!((tenant.instances, tenant.out_of), (3, 8));
    // Documented in GetInstance bodies only: no page item documents it.
    let request_id = report
        .fields
        .iter()
        .find(|f| f.path == "RequestId")
        .expect("documented");
    assert_eq!(
        (request_id.instances, request_id.out_of, request_id.share),
        (0, 0, None)
    );
}

#[test]
fn the_report_does_not_depend_on_the_thread_count() {
    for format in ["json", "html"] {
        assert_eq!(fleet_in(format, "1"), fleet_in(format, "3"), "{format}");
    }
}

/// The JSON contract, read strictly: an unknown key fails the test.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    format_version: u32,
    documents: Documents,
    codes: Vec<CodeCount>,
    unknown_fields: Vec<Unknown>,
    unknown_fields_left_out: u64,
    enum_values: Vec<EnumValue>,
    enum_values_left_out: u64,
    fields: Vec<FieldShare>,
    distributions: Vec<Distribution>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Documents {
    total: u64,
    invalid: u64,
    instances: u64,
    pages: u64,
    api_errors: u64,
    unreadable: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeCount {
    code: String,
    severity: String,
    count: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Unknown {
    path: String,
    count: u64,
    instances: u64,
    first_source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnumValue {
    path: String,
    code: String,
    value: String,
    count: u64,
    first_source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldShare {
    path: String,
    instances: u64,
    out_of: u64,
    share: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Distribution {
    field: String,
    values: Vec<ValueCount>,
    other: u64,
    absent: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueCount {
    value: String,
    count: u64,
}

#[test]
fn the_json_contract() {
    let report: Report =
        serde_json::from_str(&fleet_in("json", "2")).expect("the documented format");
    assert_eq!(report.format_version, dswcheck::DRIFT_FORMAT_VERSION);
    let d = &report.documents;
    assert_eq!((d.total, d.invalid, d.instances), (7, 4, 6));
    assert_eq!((d.pages, d.api_errors, d.unreadable), (0, 0, 1));
    let codes: BTreeMap<&str, (&str, u64)> = report
        .codes
        .iter()
        .map(|c| (c.code.as_str(), (c.severity.as_str(), c.count)))
        .collect();
    assert_eq!(codes["field.unknown"], ("info", 4));
    assert_eq!(codes["json.syntax"], ("error", 1));
    let cache = report
        .unknown_fields
        .iter()
        .find(|u| u.path == "Datasets[].CacheMode")
        .expect("the nested unknown field");
    assert_eq!((cache.count, cache.instances), (2, 1));
    // Line 4 is blank; the body with the datasets is on line 5.
    assert_eq!(cache.first_source, "tests/data/drift/fleet.ndjson:5");
    assert_eq!(report.unknown_fields_left_out, 0);
    let rebooting = report
        .enum_values
        .iter()
        .find(|e| e.value == "Rebooting")
        .expect("the plain body's status");
    assert_eq!(
        (
            rebooting.path.as_str(),
            rebooting.code.as_str(),
            rebooting.count
        ),
        ("Status", "enum.unknown", 1)
    );
    // The line of the value in the pretty-printed file.
    assert_eq!(rebooting.first_source, "tests/data/drift/single.json:5");
    assert!(
        report
            .enum_values
            .iter()
            .any(|e| e.path == "UserVpc.DefaultRoute" && e.code == "enum.unlisted" && e.count == 2)
    );
    assert_eq!(report.enum_values_left_out, 0);
    let tenant = report
        .fields
        .iter()
        .find(|f| f.path == "TenantId")
        .expect("documented");
    assert_eq!(
        (tenant.instances, tenant.out_of, tenant.share),
        (3, 6, Some(0.5))
    );
    // Every documented field of either body, each once.
    let mut documented: Vec<String> = dswcheck::__private::fields()
        .into_iter()
        .chain(dswcheck::__private::item_fields())
        .map(|(path, _)| path.join(".").replace(".[]", "[]"))
        .collect();
    documented.sort();
    documented.dedup();
    let mut listed: Vec<&str> = report.fields.iter().map(|f| f.path.as_str()).collect();
    listed.sort_unstable();
    assert_eq!(listed, documented);
    let fields: Vec<&str> = report
        .distributions
        .iter()
        .map(|d| d.field.as_str())
        .collect();
    assert_eq!(fields, ["Status", "AcceleratorType", "PaymentType"]);
    let payment = &report.distributions[2];
    assert_eq!((payment.absent, payment.other), (1, 0));
    assert_eq!(
        (payment.values[0].value.as_str(), payment.values[0].count),
        ("PayAsYouGo", 4)
    );
}

#[test]
fn the_library_gives_the_command_s_report() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut drift = dswcheck::Drift::new();
    let lines = common::read(&root.join(FLEET[0]));
    drift
        .add_lines(
            FLEET[0],
            &lines[..],
            NonZeroUsize::new(2).expect("non-zero"),
        )
        .expect("in-memory input");
    let body = dswcheck::validate(&common::read(&root.join(FLEET[1])));
    drift.add(dswcheck::Source::Document(FLEET[1]), &body);
    assert_eq!(drift.to_json() + "\n", fleet_in("json", "2"));
    assert_eq!(drift.to_html(), fleet_in("html", "1"));
    assert_eq!((drift.documents(), drift.instances()), (7, 6));
}

#[test]
fn values_and_names_cannot_write_markup() {
    let (code, html, _) = drift(&["--format", "html", "tests/data/drift/hostile.ndjson"]);
    assert_eq!(code, 0);
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script:\n{html}"
    );
    assert!(
        !html.contains("<img") && !html.contains("</td><script"),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("Labels[].&lt;/td&gt;&lt;script&gt;"),
        "{html}"
    );
    let (_, markdown, _) = drift(&["--format", "markdown", "tests/data/drift/hostile.ndjson"]);
    assert!(
        !markdown.contains("<script") && !markdown.contains("<img"),
        "{markdown}"
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_still_count() {
    let (code, stdout, stderr) = drift(&["tests/data/drift/missing.json", FLEET[1]]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: failed to read tests/data/drift/missing.json: "),
        "{stderr}"
    );
    assert!(
        stdout.starts_with("dswcheck drift: 1 document, 1 invalid; 1 instance\n"),
        "{stdout}"
    );
}
