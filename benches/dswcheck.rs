//! Throughput of parse, validate and diff, each beside the baselines it is
//! judged against, measured in the same run:
//!
//! - `serde_json::from_slice` to a `Value`: the floor, the cost of reading the bytes at all;
//! - the `jsonschema` crate validating the same body with the same schema;
//! - the `json-patch` crate's positional diff.
//!
//! The `adversarial` groups are the hostile shapes (many diagnostics, many
//! duplicates, a 50 MB body), each beside serde_json on the same bytes.
//!
//! The `fleet` group is `diff_fleet` of two dumps beside `validate` of the
//! same two dumps on one thread, the yardstick (at most 3x).
//!
//! Run with `cargo bench --bench dswcheck`; `cargo bench --bench dswcheck -- typical`
//! runs one group.

mod support;

// The binary allocates with mimalloc; so do the benchmarks, baselines
// included, so that every ratio compares like with like.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

fn body_group(c: &mut Criterion, name: &str, bytes: &[u8]) {
    let validator = jsonschema::validator_for(dswcheck::schema()).expect("valid schema");
    let second = {
        // A second snapshot of the same instance, for the validate-and-diff pair.
        let mut v: Value = serde_json::from_slice(bytes).expect("valid JSON");
        v["Status"] = "Stopped".into();
        serde_json::to_vec(&v).expect("serializable")
    };
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("baseline/serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)).expect("valid"));
    });
    group.bench_function("baseline/jsonschema", |b| {
        b.iter(|| {
            let value: Value = serde_json::from_slice(black_box(bytes)).expect("valid");
            validator.iter_errors(&value).count()
        });
    });
    group.bench_function("dswcheck/parse", |b| {
        b.iter(|| dswcheck::parse(black_box(bytes)))
    });
    group.bench_function("dswcheck/validate", |b| {
        b.iter(|| dswcheck::validate(black_box(bytes)))
    });
    let options = dswcheck::DiffOptions::new();
    group.bench_function("dswcheck/validate_pair_and_diff", |b| {
        b.iter(|| {
            let old = dswcheck::validate(black_box(bytes));
            let new = dswcheck::validate(black_box(&second));
            dswcheck::diff(&old, &new, &options).expect("same instance")
        });
    });
    group.finish();
}

fn typical(c: &mut Criterion) {
    body_group(c, "typical", &support::typical_bytes());
}

fn large(c: &mut Criterion) {
    let bytes = serde_json::to_vec(&support::large_body(5_000)).expect("serializable");
    body_group(c, "large_5000", &bytes);
}

fn diff_series(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff_series");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    let options = dswcheck::DiffOptions::new();
    for n in [2_000, 20_000, 200_000] {
        let (old, new) = support::snapshot_pair(n, 7);
        group.throughput(Throughput::Elements(2 * n as u64));
        let (old_bytes, new_bytes) = (
            serde_json::to_vec(&old).expect("serializable"),
            serde_json::to_vec(&new).expect("serializable"),
        );
        let (old_instance, new_instance) =
            (dswcheck::parse(&old_bytes), dswcheck::parse(&new_bytes));
        group.bench_with_input(BenchmarkId::new("dswcheck/diff", n), &n, |b, _| {
            b.iter(|| {
                dswcheck::diff(&old_instance, &new_instance, &options).expect("same instance")
            });
        });
        // The compact documents `dswcheck diff` reads: the diff alone, then
        // with the reading of both byte strings, as the command does.
        let (old_snapshot, new_snapshot) = (
            dswcheck::Snapshot::read(old_bytes.clone()),
            dswcheck::Snapshot::read(new_bytes.clone()),
        );
        group.bench_with_input(
            BenchmarkId::new("dswcheck/diff_snapshots", n),
            &n,
            |b, _| {
                b.iter(|| {
                    dswcheck::diff_snapshots(&old_snapshot, &new_snapshot, &options)
                        .expect("same instance")
                });
            },
        );
        group.bench_with_input(BenchmarkId::new("dswcheck/diff_slices", n), &n, |b, _| {
            b.iter(|| {
                dswcheck::diff_slices(black_box(&old_bytes), black_box(&new_bytes), &options)
                    .expect("same instance")
            });
        });
        group.bench_with_input(
            BenchmarkId::new("baseline/json_patch_diff", n),
            &n,
            |b, _| {
                b.iter(|| json_patch::diff(black_box(&old), black_box(&new)));
            },
        );
    }
    group.finish();
}

fn ndjson(c: &mut Criterion) {
    const LINES: usize = 20_000;
    let input = support::ndjson(LINES);
    let mut group = c.benchmark_group("ndjson_20000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("baseline/serde_json_value_per_line", |b| {
        b.iter(|| {
            for line in input.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                black_box(serde_json::from_slice::<Value>(line).expect("valid"));
            }
        });
    });
    let renderer = dswcheck::Renderer::new();
    for threads in [1, 2] {
        let threads = NonZeroUsize::new(threads).expect("non-zero");
        group.bench_function(
            BenchmarkId::new("dswcheck/validate_lines_json_output", threads),
            |b| {
                b.iter(|| {
                    let mut out = io::sink();
                    dswcheck::validate_lines(&input[..], threads, |line| {
                        let source = dswcheck::Source::Line {
                            name: "bench.ndjson",
                            line: line.number,
                        };
                        renderer.write_json(&mut out, source, &line.report)?;
                        out.flush()
                    })
                    .expect("in-memory input")
                });
            },
        );
    }
    // The shipped policies, compiled once as `validate --policy` does: the
    // issue's budget is 1.25x validate_lines_json_output/1.
    let mut with_policies = dswcheck::Validator::new();
    for name in [
        "owner-label",
        "private-access",
        "no-public-ssh",
        "gpu-idle-culler",
        "image-registry",
    ] {
        let path = std::path::PathBuf::from(format!("schemas/policies/{name}.schema.json"));
        let policy = dswcheck::Policy::from_file(&path).expect("a shipped policy");
        with_policies = with_policies.with_policy(policy);
    }
    let threads = NonZeroUsize::MIN;
    group.bench_function(
        BenchmarkId::new("dswcheck/validate_lines_json_output_5_policies", 1),
        |b| {
            b.iter(|| {
                let mut out = io::sink();
                with_policies
                    .validate_lines(&input[..], threads, |line| {
                        let source = dswcheck::Source::Line {
                            name: "bench.ndjson",
                            line: line.number,
                        };
                        renderer.write_json(&mut out, source, &line.report)?;
                        out.flush()
                    })
                    .expect("in-memory input")
            });
        },
    );
    group.finish();
}

/// The drift report beside validation of the same 20,000 lines, one thread
/// each: the budget is 1.2x `validate_lines/1`.
fn drift(c: &mut Criterion) {
    const LINES: usize = 20_000;
    let input = support::ndjson(LINES);
    let mut group = c.benchmark_group("drift_report_20000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(input.len() as u64));
    let threads = NonZeroUsize::MIN;
    group.bench_function(BenchmarkId::new("dswcheck/validate_lines", 1), |b| {
        b.iter(|| {
            dswcheck::validate_lines(&input[..], threads, |_| Ok(())).expect("in-memory input")
        });
    });
    group.bench_function(BenchmarkId::new("dswcheck/drift_json", 1), |b| {
        b.iter(|| {
            let mut drift = dswcheck::Drift::new();
            drift
                .add_lines("bench.ndjson", &input[..], threads)
                .expect("in-memory input");
            black_box(drift.to_json())
        });
    });
    group.finish();
}

/// The hostile shapes beside the serde_json baseline on the same bytes:
/// the ratio is what "linear" means here (at most 10x).
fn adversarial(c: &mut Criterion) {
    for (name, bytes) in support::adversarial() {
        let mut group = c.benchmark_group(format!("adversarial/{name}"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("baseline/serde_json_value", |b| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("valid"));
        });
        group.bench_function("dswcheck/validate", |b| {
            b.iter(|| dswcheck::validate(black_box(&bytes)))
        });
        let options = dswcheck::DiffOptions::new();
        group.bench_function("dswcheck/read_pair_and_diff", |b| {
            b.iter(|| {
                let old = dswcheck::read(black_box(&bytes));
                let new = dswcheck::read(black_box(&bytes));
                dswcheck::diff(&old, &new, &options).expect("same instance")
            });
        });
        group.finish();
    }
}

/// Two dumps of 5,000 full bodies (about 46 MB each), written to a
/// temporary directory: the fleet diff beside `validate --threads 1` of
/// both, which is what the issue measures it against.
fn fleet(c: &mut Criterion) {
    const N: usize = 5_000;
    let dir = std::env::temp_dir().join(format!("dswcheck-bench-fleet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut paths = Vec::new();
    let mut bytes = 0;
    for (name, new) in [("old.ndjson", false), ("new.ndjson", true)] {
        let mut text = Vec::new();
        for line in support::fleet::dump(N, new) {
            text.extend_from_slice(&line);
            text.push(b'\n');
        }
        bytes += text.len();
        let path = dir.join(name);
        std::fs::write(&path, text).expect("writable");
        paths.push(path);
    }
    let mut group = c.benchmark_group("fleet_5000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(bytes as u64));
    let renderer = dswcheck::Renderer::new();
    group.bench_function("baseline/validate_threads_1_both", |b| {
        b.iter(|| {
            for path in &paths {
                let file = io::BufReader::new(std::fs::File::open(path).expect("readable"));
                let mut out = io::sink();
                dswcheck::validate_lines(file, NonZeroUsize::MIN, |line| {
                    let source = dswcheck::Source::Line {
                        name: "bench.ndjson",
                        line: line.number,
                    };
                    out.write_all(renderer.text(source, &line.report).as_bytes())
                })
                .expect("readable");
            }
        });
    });
    let cores = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
    for threads in [NonZeroUsize::MIN, cores] {
        let options = dswcheck::FleetOptions::new().with_threads(threads);
        group.bench_function(BenchmarkId::new("dswcheck/diff_fleet", threads), |b| {
            b.iter(|| {
                let fleet = dswcheck::diff_fleet(&paths[..1], &paths[1..], &options)
                    .expect("readable dumps");
                assert_eq!(fleet.counts.changed, N / 100);
                fleet
            });
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(
    benches,
    typical,
    large,
    diff_series,
    ndjson,
    drift,
    adversarial,
    fleet
);
criterion_main!(benches);
