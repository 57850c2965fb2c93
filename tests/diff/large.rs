//! Scale: snapshots with ten thousand datasets and labels, shuffled, are
//! matched by identity, and larger pairs can be written for measurements.

use std::path::PathBuf;

use dswcheck::DiffOptions;
use serde_json::Value;

use crate::apply;

/// A deterministic pseudo-random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = usize::try_from(self.next() % (i as u64 + 1)).unwrap();
            items.swap(i, j);
        }
    }
}

/// Two snapshots with `n` datasets and `n` labels each: the new one shuffled,
/// with 1 in 1000 datasets changed, 1 in 997 removed, 1 in 500 label values
/// changed, 1 in 800 labels removed and `n / 1000` of each added. Returns the
/// bodies and the number of changes a diff must find.
fn large_snapshots(n: usize) -> (String, String, usize) {
    let dataset = |i: usize, access: &str| {
        serde_json::json!({
            "DatasetId": format!("d-{i:010}"),
            "MountPath": format!("/mnt/data/{i}"),
            "Uri": format!("oss://bucket.oss-cn-shanghai-internal.aliyuncs.com/datasets/{i}/"),
            "Options": "{\"fs.oss.download.thread.concurrency\":\"10\"}",
            "MountAccess": access,
            "DatasetVersion": "v1",
            "Dynamic": false
        })
    };
    let label =
        |i: usize, value: &str| serde_json::json!({"Key": format!("label-{i}"), "Value": value});
    let body = |datasets: Vec<Value>, labels: Vec<Value>, request: &str| {
        serde_json::json!({
            "RequestId": request,
            "InstanceId": "dsw-large",
            "Status": "Running",
            "Datasets": datasets,
            "Labels": labels
        })
        .to_string()
    };
    let old_datasets: Vec<Value> = (0..n).map(|i| dataset(i, "RW")).collect();
    let old_labels: Vec<Value> = (0..n).map(|i| label(i, &format!("value-{i}"))).collect();
    let mut expected = 0;
    let mut new_datasets = Vec::with_capacity(n + n / 1000);
    for i in 0..n {
        if i % 997 == 1 {
            expected += 1;
            continue;
        }
        if i % 1000 == 0 {
            expected += 1;
        }
        new_datasets.push(dataset(i, if i % 1000 == 0 { "RO" } else { "RW" }));
    }
    let mut new_labels = Vec::with_capacity(n + n / 1000);
    for i in 0..n {
        if i % 800 == 3 {
            expected += 1;
            continue;
        }
        let changed = i % 500 == 7;
        expected += usize::from(changed);
        new_labels.push(label(
            i,
            &if changed {
                format!("value-{i}-changed")
            } else {
                format!("value-{i}")
            },
        ));
    }
    for k in 0..n / 1000 {
        new_datasets.push(dataset(n + k, "RW"));
        new_labels.push(label(n + k, "new"));
        expected += 2;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    rng.shuffle(&mut new_datasets);
    rng.shuffle(&mut new_labels);
    (
        body(old_datasets, old_labels, "r-old"),
        body(new_datasets, new_labels, "r-new"),
        expected,
    )
}

#[test]
fn large_snapshots_match_by_identity() {
    let (old_text, new_text, expected) = large_snapshots(10_000);
    let old = dswcheck::parse(old_text.as_bytes());
    let new = dswcheck::parse(new_text.as_bytes());
    let diff = dswcheck::diff(&old, &new, &DiffOptions::new()).unwrap();
    assert_eq!(diff.changes.len(), expected);
    assert!(diff.findings.is_empty());
    assert!(
        diff.changes
            .iter()
            .any(|c| c.path == "Datasets[DatasetId=d-0000009000].MountAccess")
    );
    assert!(
        diff.changes
            .iter()
            .any(|c| c.path == "Labels[Key=label-9507].Value")
    );
    // The patch removes from the end of each array first, and appends last.
    let mut patched: Value = serde_json::from_str(&old_text).unwrap();
    apply(&mut patched, &serde_json::to_value(diff.patch()).unwrap());
    let patched = dswcheck::parse(patched.to_string().as_bytes());
    assert!(
        dswcheck::normalize_to_vec(&patched, &DiffOptions::new())
            == dswcheck::normalize_to_vec(&new, &DiffOptions::new())
    );
}

/// Writes large snapshot pairs for measuring the release binary:
/// `DSWCHECK_LARGE_DIR=/tmp/large cargo test --release --test diff -- --ignored write_large_snapshots`
/// writes `large-N.old.json` / `large-N.new.json` for N = 20,000 and 200,000.
#[test]
#[ignore = "writes files for measurements"]
fn write_large_snapshots() {
    let dir = PathBuf::from(std::env::var("DSWCHECK_LARGE_DIR").expect("DSWCHECK_LARGE_DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    for n in [20_000, 200_000] {
        let (old, new, expected) = large_snapshots(n);
        std::fs::write(dir.join(format!("large-{n}.old.json")), old).unwrap();
        std::fs::write(dir.join(format!("large-{n}.new.json")), new).unwrap();
        std::fs::write(
            dir.join(format!("large-{n}.expected")),
            expected.to_string(),
        )
        .unwrap();
    }
}
