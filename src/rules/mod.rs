//! Semantic rules: what the documents say that a schema cannot express.
//!
//! One module per family of rules. A value outside a documented range or
//! format is an error; a disagreement between fields is a warning (the
//! severity comes with each [`Code`](crate::Code)). Every diagnostic points at
//! the offending value itself, and duplicates are reported at the later
//! element. Unset values (absent, `null`, or `""` where the API sends it for
//! "none") are not checked.

pub(crate) mod api_error;
mod datasets;
mod findings;
mod ids;
mod keys;
mod list;
mod network;
mod resources;
mod secrets;
mod time;

pub(crate) use findings::Findings;

use crate::json::Node;

use crate::model::{self, Instance, ListInstances};

/// Runs every rule over `instance`, decoded from `document`, a GetInstance body.
pub(crate) fn check<'a, N: Node<'a>>(instance: &Instance, document: N, out: &mut Findings<'_>) {
    check_item(instance, out);
    secrets::check(document, model::root(), out);
}

/// Runs the rules about one instance, with pointers from the instance: the
/// whole of a GetInstance body, or an item of a page (whose caller puts the
/// item's pointer before them with [`Findings::set_within`]).
pub(crate) fn check_item(instance: &Instance, out: &mut Findings<'_>) {
    time::check(instance, out);
    ids::check(instance, out);
    resources::check(instance, out);
    network::check(instance, out);
    datasets::check(instance, out);
    keys::check(instance, out);
}

/// Runs the rules about a ListInstances page as a whole, `list` decoded
/// from `document`: its own, and the secrets anywhere in it.
pub(crate) fn check_list<'a, N: Node<'a>>(
    list: Option<&ListInstances>,
    document: N,
    out: &mut Findings<'_>,
) {
    list::check(list, document, out);
    secrets::check(document, ListInstances::OBJECT, out);
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::Findings;
    use crate::diagnostic::Diagnostic;
    use crate::model::Instance;

    /// The typed instance of a JSON document; panics if the document is not an object.
    pub fn instance(doc: &serde_json::Value) -> Instance {
        let bytes = serde_json::to_vec(doc).expect("a JSON value serializes");
        crate::parse(&bytes).into_instance().expect("an object")
    }

    /// What one rule family says about `instance` (not positioned: the
    /// instance comes from no document).
    pub fn diagnostics_of(
        rule: fn(&Instance, &mut Findings<'_>),
        instance: &Instance,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        rule(instance, &mut Findings::new(&mut out));
        out
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fmt::Write;
    use std::fs;
    use std::path::Path;

    use proptest::prelude::*;

    use crate::diagnostic::{Code, Diagnostic, Severity};

    /// Every code the rules can report, each with its own fixture.
    const RULE_CODES: &[Code] = &[
        Code::TimeFormat,
        Code::TimeOrder,
        Code::IdMismatch,
        Code::PercentRange,
        Code::PortInvalid,
        Code::CidrInvalid,
        Code::CidrJoined,
        Code::DatasetDuplicateId,
        Code::DatasetDuplicateMountPath,
        Code::DatasetUriScheme,
        Code::DatasetUriKind,
        Code::DatasetOptions,
        Code::LabelDuplicateKey,
        Code::TagDuplicateKey,
        Code::ResourceQuantity,
        Code::SecretExposed,
        Code::ListDuplicateInstanceId,
        Code::ListTotalCount,
    ];

    fn data(path: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(path);
        fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn listing(diagnostics: &[Diagnostic]) -> String {
        diagnostics.iter().fold(String::new(), |mut all, d| {
            let _ = writeln!(all, "  {d}");
            all
        })
    }

    #[test]
    fn modern_full_is_clean() {
        let report = crate::validate(&data("valid/modern-full.json"));
        let loud: Vec<_> = report
            .diagnostics()
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .cloned()
            .collect();
        assert!(
            loud.is_empty(),
            "modern-full.json has errors or warnings:\n{}",
            listing(&loud)
        );
    }

    /// Checks that a fixture has no error, and a diagnostic `code` at `pointer`.
    fn valid_with(file: &str, code: Code, pointer: &str) {
        let report = crate::validate(&data(file));
        let errors: Vec<_> = report.iter_errors().cloned().collect();
        assert!(
            errors.is_empty(),
            "{file} has errors:\n{}",
            listing(&errors)
        );
        // Their ordinary variable `{"key": "app: MAAS"}` is no credential.
        let alarms: Vec<_> = report
            .diagnostics()
            .iter()
            .filter(|d| d.code == Code::SecretExposed)
            .cloned()
            .collect();
        assert!(
            alarms.is_empty(),
            "{file}: false alarms:\n{}",
            listing(&alarms)
        );
        assert!(
            report
                .diagnostics()
                .iter()
                .any(|d| d.code == code && d.pointer == pointer),
            "{file}: no {code} at {pointer}:\n{}",
            listing(report.diagnostics())
        );
    }

    #[test]
    fn official_doc_example_has_no_errors() {
        // The example on the API's own doc page (2026), copied verbatim:
        // `UserInfo.Type` "S" is an open list's value, and the bandwidth
        // whitelists' `[""]` is no CIDR error (nothing says they are CIDRs).
        valid_with(
            "valid/official-doc-2026.json",
            Code::EnumUnlisted,
            "/CredentialConfig/Configs/0/Roles/0/UserInfo/Type",
        );
    }

    #[test]
    fn official_demo_has_no_errors() {
        // The demo's joined ExtendedCIDRs entry is the case cidr.joined exists for.
        valid_with(
            "valid/official-demo-2024.json",
            Code::CidrJoined,
            "/UserVpc/ExtendedCIDRs/0",
        );
    }

    #[test]
    fn official_list_demo_has_no_errors() {
        // The ListInstances demo: its items are read as items (no ProxyPath
        // or NodeErrorRecovery expected), with the GetInstance demo's open values.
        valid_with(
            "valid/official-demo-2024.ListInstances.json",
            Code::EnumUnlisted,
            "/Instances/0/UserVpc/DefaultRoute",
        );
        let report = crate::validate(&data("valid/official-demo-2024.ListInstances.json"));
        assert_eq!(report.kind(), Some(crate::BodyKind::ListInstances));
        let page = report.list().expect("a page");
        assert_eq!(page.total_count, Some(35));
        let items = page.instances.as_deref().expect("typed items");
        assert_eq!(items[0].instance_id.as_deref(), Some("dsw-730xxxxxxxxxx"));
        assert!(
            report
                .diagnostics()
                .iter()
                .all(|d| d.code != Code::FieldUnknown),
            "{}",
            listing(report.diagnostics())
        );
    }

    #[test]
    fn fields_of_the_other_body_are_unknown_there() {
        let page = br#"{"TotalCount": 1, "Instances": [{"InstanceId": "dsw-1", "ProxyPath": "p/", "OversoldType": "x"}]}"#;
        let report = crate::validate(page);
        let unknown: Vec<_> = report
            .diagnostics()
            .iter()
            .map(|d| (d.code, d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            unknown,
            [(
                Code::FieldUnknown,
                "/Instances/0/ProxyPath",
                "field \"ProxyPath\" is documented for GetInstance bodies, not for ListInstances items; kept as is"
            )]
        );
        let items = report
            .list()
            .and_then(|l| l.instances.as_deref())
            .expect("typed items");
        assert_eq!(items[0].oversold_type.as_deref(), Some("x"));
        assert_eq!(items[0].extra["ProxyPath"], "p/");

        let body = crate::validate(br#"{"InstanceId": "dsw-1", "OversoldType": "x"}"#);
        assert_eq!(body.diagnostics()[0].code, Code::FieldUnknown);
        assert!(
            body.diagnostics()[0]
                .message
                .contains("documented for ListInstances items")
        );
        assert!(
            body.instance()
                .expect("an instance")
                .oversold_type
                .is_none()
        );
    }

    /// `rule-time-order.json` for `time.order`.
    fn fixture_name(code: Code) -> String {
        format!("rule-{}.json", code.as_str().replace('.', "-"))
    }

    #[test]
    fn each_rule_fixture_reports_exactly_its_code() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/invalid");
        let mut files = BTreeSet::new();
        for entry in fs::read_dir(&dir).expect("tests/data/invalid exists") {
            let name = entry
                .expect("readable directory")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if name.starts_with("rule-")
                && Path::new(&name).extension().is_some_and(|e| e == "json")
            {
                files.insert(name);
            }
        }
        let wanted: BTreeSet<_> = RULE_CODES.iter().map(|c| fixture_name(*c)).collect();
        let missing: Vec<_> = wanted.difference(&files).collect();
        let stray: Vec<_> = files.difference(&wanted).collect();
        assert!(
            missing.is_empty() && stray.is_empty(),
            "missing fixtures {missing:?}, fixtures for no rule {stray:?}"
        );

        for &code in RULE_CODES {
            let name = fixture_name(code);
            let report = crate::validate(&data(&format!("invalid/{name}")));
            let all = listing(report.diagnostics());
            assert!(
                report.diagnostics().iter().any(|d| d.code == code),
                "{name} does not report {code}:\n{all}"
            );
            // Nothing else at all: a fixture that also trips another check would hide which one fired.
            assert!(
                report.diagnostics().iter().all(|d| d.code == code),
                "{name} reports more than {code}:\n{all}"
            );
            assert_eq!(
                report.is_valid(),
                code.severity() != Severity::Error,
                "{name}:\n{all}"
            );
            for d in report.diagnostics() {
                assert!(d.line > 0, "{name}: {d} has no resolved position");
            }
        }
    }

    /// Strings near each rule's grammar, and anything at all.
    fn arb_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9T:.Zz+-]{0,30}",
            "[0-9a-f:./\"%, ]{0,40}",
            "[0-9.eEKMGTPimnu+-]{0,12}",
            "[a-z0-9]{0,8}(://)?[a-z/]{0,8}",
            "[{}\\[\\]\":,0-9a-z ]{0,30}",
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn rules_never_panic(texts in proptest::collection::vec(arb_text(), 12), percent in any::<i32>()) {
            let t = |i: usize| texts[i].clone();
            let doc = serde_json::json!({
                "InstanceId": t(0),
                "GmtCreateTime": t(1),
                "GmtModifiedTime": t(2),
                "InstanceShutdownTimer": {"InstanceId": t(3), "DueTime": t(1)},
                "IdleInstanceCuller": {"CpuPercentThreshold": percent, "GpuPercentThreshold": percent},
                "RequestedResource": {"CPU": t(4), "Memory": t(5)},
                "UserVpc": {
                    "ExtendedCIDRs": [t(6), t(7)],
                    "BandwidthLimit": {"EgressWhitelists": [t(7)]},
                    "ForwardInfos": [{"ForwardPort": t(8), "ConnectInfo": {"Internet": {"Port": t(4)}}}],
                },
                "Datasets": [
                    {"DatasetId": t(0), "MountPath": t(9), "Uri": t(10), "Options": t(11)},
                    {"DatasetId": t(0), "MountPath": t(9), "Uri": t(9), "Options": t(10)},
                ],
                "Labels": [{"Key": t(1)}, {"Key": t(1)}],
                "EnvironmentVariables": {t(2): t(3), "API_TOKEN": t(4)},
            });
            let instance = super::test_util::instance(&doc);
            let mut out = Vec::new();
            super::check(&instance, &doc, &mut super::Findings::new(&mut out));
            for d in &out {
                prop_assert!(!d.pointer.is_root(), "{}", d);
            }
        }
    }

    /// A body with `n` datasets and `n` labels, every other one a duplicate.
    fn large_body(n: usize) -> Vec<u8> {
        let datasets: Vec<_> = (0..n)
            .map(|i| {
                serde_json::json!({
                    "DatasetId": format!("d-{}", i / 2),
                    "MountPath": format!("/mnt/data/{}/", i / 2),
                    "Uri": format!("oss://bucket.oss-cn-shanghai-internal.aliyuncs.com/{i}/"),
                    "Options": "{\"fs.oss.download.thread.concurrency\":\"10\"}",
                })
            })
            .collect();
        let labels: Vec<_> = (0..n)
            .map(|i| serde_json::json!({"Key": format!("k{}", i / 2), "Value": "v"}))
            .collect();
        let body =
            serde_json::json!({"InstanceId": "dsw-1", "Datasets": datasets, "Labels": labels});
        serde_json::to_vec(&body).expect("serializable")
    }

    #[test]
    fn duplicates_in_large_bodies_are_each_reported_once() {
        // How long this takes is measured by the benchmarks, not asserted here.
        let n = 5_000;
        let report = crate::parse(&large_body(n));
        let instance = report.instance().expect("an object");
        let mut out = Vec::new();
        super::check(
            instance,
            report.value().expect("a document"),
            &mut super::Findings::new(&mut out),
        );
        let count = |code| out.iter().filter(|d| d.code == code).count();
        assert_eq!(count(Code::DatasetDuplicateId), n / 2);
        assert_eq!(count(Code::DatasetDuplicateMountPath), n / 2);
        assert_eq!(count(Code::LabelDuplicateKey), n / 2);
    }
}
