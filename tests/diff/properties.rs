//! Random pairs of small snapshots drawn from tiny vocabularies, so that
//! keys collide, go missing and repeat: the patch must still turn old into
//! new, equal snapshots must normalize alike, and nothing may panic.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::{DiffOptions, apply};

fn arb_choice(values: &'static [&'static str]) -> impl Strategy<Value = Value> {
    proptest::sample::select(values).prop_map(|s| json!(s))
}

/// An object with each field present or not.
fn arb_object(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> impl Strategy<Value = Value> {
    let parts: Vec<_> = fields
        .into_iter()
        .map(|(name, value)| proptest::option::of(value).prop_map(move |v| (name, v)))
        .collect();
    parts.prop_map(|parts| {
        Value::Object(
            parts
                .into_iter()
                .filter_map(|(k, v)| Some((k.to_owned(), v?)))
                .collect::<Map<_, _>>(),
        )
    })
}

fn arb_list(item: impl Strategy<Value = Value> + 'static, max: usize) -> BoxedStrategy<Value> {
    proptest::collection::vec(item, 0..max)
        .prop_map(Value::Array)
        .boxed()
}

fn arb_instance() -> impl Strategy<Value = Value> {
    let label = arb_object(vec![
        ("Key", arb_choice(&["a", "b", "c"]).boxed()),
        ("Value", arb_choice(&["1", "2"]).boxed()),
    ]);
    let dataset = arb_object(vec![
        ("DatasetId", arb_choice(&["d-1", "d-2", "d-3"]).boxed()),
        ("MountPath", arb_choice(&["/a", "/b", "/c"]).boxed()),
        ("MountAccess", arb_choice(&["RW", "RO"]).boxed()),
    ]);
    let forward = arb_object(vec![
        ("Name", arb_choice(&["ssh", "web"]).boxed()),
        ("ForwardPort", arb_choice(&["22", "80"]).boxed()),
        ("Port", arb_choice(&["22", "8080"]).boxed()),
        (
            "AccessType",
            arb_list(arb_choice(&["intranet", "internet"]), 3),
        ),
    ]);
    let role = arb_object(vec![
        ("RoleArn", arb_choice(&["r1", "r2"]).boxed()),
        (
            "UserInfo",
            arb_object(vec![("SecurityToken", arb_choice(&["s1", "s2"]).boxed())]).boxed(),
        ),
    ]);
    let config = arb_object(vec![
        ("Key", arb_choice(&["0", "1"]).boxed()),
        ("Roles", arb_list(role, 3)),
    ]);
    arb_object(vec![
        ("RequestId", arb_choice(&["r-1", "r-2"]).boxed()),
        ("Status", arb_choice(&["Running", "Stopped"]).boxed()),
        ("Labels", arb_list(label, 5)),
        ("Datasets", arb_list(dataset, 4)),
        (
            "UserVpc",
            arb_object(vec![
                (
                    "ExtendedCIDRs",
                    arb_list(arb_choice(&["10.0.0.0/8", "172.16.0.0/12"]), 4),
                ),
                ("ForwardInfos", arb_list(forward, 3)),
            ])
            .boxed(),
        ),
        (
            "CredentialConfig",
            arb_object(vec![("Configs", arb_list(config, 3))]).boxed(),
        ),
        (
            "EnvironmentVariables",
            arb_object(vec![
                ("HF_TOKEN", arb_choice(&["x", "y"]).boxed()),
                ("PATH", arb_choice(&["/bin"]).boxed()),
            ])
            .boxed(),
        ),
        (
            "Extra",
            arb_list(
                prop_oneof![Just(json!(1)), Just(json!(2)), Just(json!({"k": 1}))],
                4,
            ),
        ),
    ])
    .prop_map(|mut value| {
        value["InstanceId"] = json!("dsw-prop");
        value
    })
}

fn canonical(value: &Value, options: &DiffOptions) -> String {
    let instance = dswcheck::parse(value.to_string().as_bytes());
    String::from_utf8(dswcheck::normalize_to_vec(&instance, options)).unwrap()
}

proptest! {
    #[test]
    fn diff_patch_and_canonical_form_agree(old in arb_instance(), new in arb_instance(), volatile in any::<bool>()) {
        let options = DiffOptions::new().should_include_volatile(volatile);
        let parse = |v: &Value| dswcheck::parse(v.to_string().as_bytes());
        let (old_instance, new_instance) = (parse(&old), parse(&new));
        let diff = dswcheck::diff(&old_instance, &new_instance, &options).unwrap();
        prop_assert!(dswcheck::diff(&old_instance, &old_instance, &options).unwrap().is_empty());

        let mut patched = old.clone();
        apply(&mut patched, &serde_json::to_value(diff.patch()).unwrap());
        prop_assert_eq!(canonical(&patched, &options), canonical(&new, &options));

        let (a, b) = (canonical(&old, &options), canonical(&new, &options));
        if diff.is_empty() {
            prop_assert_eq!(&a, &b);
        }
        let again: Value = serde_json::from_str(&a).unwrap();
        prop_assert_eq!(canonical(&again, &options), a);
        for output in super::all_formats(&diff) {
            prop_assert!(!output.contains("\"s1\"") && !output.contains("\"s2\""), "{}", output);
        }
    }
}
