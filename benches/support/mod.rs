//! Benchmark data, generated: nothing large is committed.
//!
//! Every body is built from `tests/data/valid/modern-full.json`, a complete,
//! consistent 2026 response, so it exercises every field and every rule.

use serde_json::{Value, json};

pub mod fleet;

/// The full sample body as a value.
pub fn full_body() -> Value {
    serde_json::from_str(include_str!("../../tests/data/valid/modern-full.json"))
        .expect("valid fixture")
}

/// A typical response: the full sample, compact.
pub fn typical_bytes() -> Vec<u8> {
    serde_json::to_vec(&full_body()).expect("serializable")
}

/// A deterministic generator (SplitMix64): the benchmarks need no `rand`.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Dataset `i` of a generated body.
fn dataset(i: usize) -> Value {
    json!({
        "DatasetId": format!("d-{i:08x}"),
        "MountPath": format!("/mnt/data/{i}/"),
        "Uri": format!("oss://bucket-{}.oss-cn-shanghai-internal.aliyuncs.com/data/{i}/", i % 7),
        "Options": "{\"fs.oss.download.thread.concurrency\":\"10\"}",
        "MountAccess": if i % 3 == 0 { "RO" } else { "RW" },
        "DatasetVersion": "v1",
        "Dynamic": false,
        "ActualMountAccess": if i % 3 == 0 { "RO" } else { "RW" },
    })
}

/// Label `i` of a generated body.
fn label(i: usize) -> Value {
    json!({"Key": format!("team-{i}"), "Value": format!("value-{}", i % 97)})
}

/// The full sample with `n` datasets and `n` labels.
pub fn large_body(n: usize) -> Value {
    let mut body = full_body();
    body["Datasets"] = Value::Array((0..n).map(dataset).collect());
    body["Labels"] = Value::Array((0..n).map(label).collect());
    body
}

/// Two snapshots of one instance with `n` datasets and `n` labels each,
/// shuffled independently, with 1% of the datasets and labels changed.
pub fn snapshot_pair(n: usize, seed: u64) -> (Value, Value) {
    let mut rng = Rng::new(seed);
    let old = large_body(n);
    let mut new = old.clone();
    let changes = (n / 100).max(1);
    for _ in 0..changes {
        let i = rng.below(n);
        new["Datasets"][i]["MountAccess"] = "RO".into();
        new["Datasets"][i]["ActualMountAccess"] = "RO".into();
        let j = rng.below(n);
        new["Labels"][j]["Value"] = format!("changed-{j}").into();
    }
    let mut old = old;
    for body in [&mut old, &mut new] {
        for key in ["Datasets", "Labels"] {
            rng.shuffle(body[key].as_array_mut().expect("an array"));
        }
    }
    new["RequestId"] = "F00D0000-0000-0000-0000-000000000001".into();
    new["AccumulatedRunningTimeInMs"] = 7_200_000.into();
    (old, new)
}

/// `count` compact full bodies, one per line, each with its own InstanceId.
pub fn ndjson(count: usize) -> Vec<u8> {
    let mut body = full_body();
    let mut out = Vec::new();
    for i in 0..count {
        let id = format!("dsw-{i:016x}");
        body["InstanceId"] = id.clone().into();
        body["InstanceShutdownTimer"]["InstanceId"] = id.clone().into();
        body["IdleInstanceCuller"]["InstanceId"] = id.into();
        serde_json::to_writer(&mut out, &body).expect("serializable");
        out.push(b'\n');
    }
    out
}

/// The hostile shapes of the trust issue, each as one body: what time and
/// memory must stay linear in, whatever the shape.
pub fn adversarial() -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    // 100,000 unknown keys on one line (1.1 MB): 100,000 diagnostics.
    let keys: Vec<String> = (0..100_000).map(|i| format!("\"k{i}\":0")).collect();
    out.push((
        "unknown_keys_100k",
        format!("{{{}}}", keys.join(",")).into_bytes(),
    ));
    // One key repeated 1,000,000 times (6 MB): a duplicate-key error each.
    let repeated = vec![r#""a":0"#; 1_000_000].join(",");
    out.push(("repeated_key_1m", format!("{{{repeated}}}").into_bytes()));
    // 100,000 identical labels (2.4 MB): a duplicate-key finding each.
    let labels = vec![r#"{"Key":"k","Value":"v"}"#; 100_000].join(",");
    out.push((
        "identical_labels_100k",
        format!(r#"{{"Labels":[{labels}]}}"#).into_bytes(),
    ));
    // API drift: 20,000 datasets with one unknown field each, minified.
    let mut drift = large_body(20_000);
    for dataset in drift["Datasets"].as_array_mut().expect("an array") {
        dataset["SizeInBytes"] = 1.into();
    }
    out.push((
        "drift_20000",
        serde_json::to_vec(&drift).expect("serializable"),
    ));
    // A 50 MB body, 170,000 datasets and labels.
    out.push((
        "body_50mb",
        serde_json::to_vec(&large_body(170_000)).expect("serializable"),
    ));
    out
}
