//! Builds `fuzz/seeds/<target>/` from the JSON files under `tests/data/`, and
//! `fuzz/dict` from the embedded schema.
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --example make_seeds` writes
//! them; with `-- --check` it writes nothing and fails if any is out of
//! date, which is how CI notices a change to the sample byte format or to
//! the fixtures.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dswcheck::arbitrary::{Layout, Quirk, Sample};
use serde_json::Value;

/// The longest raw seed, in bytes (the largest fixture has about 13 KB).
const MAX_SEED: usize = 16 << 10;

/// What should be on disk: file path (relative to `fuzz/`) to contents.
type Files = BTreeMap<PathBuf, Vec<u8>>;

fn fixtures(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![root.join("tests/data")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // Raw crash inputs of `parse_bytes` under tests/data/fuzz/ have no extension.
            let crash = path.parent().is_some_and(|p| p.ends_with("fuzz"));
            if path.is_dir() {
                dirs.push(path);
            } else if crash || path.extension().is_some_and(|e| e == "json") {
                let rel = path.strip_prefix(root.join("tests/data")).unwrap_or(&path);
                let name = rel.to_string_lossy().replace(['/', '\\'], "-");
                let name = name.trim_end_matches(".json").to_owned();
                out.push((name, fs::read(&path).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

/// The fixture's JSON object, if it is one (a BOM is allowed).
fn object(bytes: &[u8]) -> Option<Value> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice::<Value>(text)
        .ok()
        .filter(Value::is_object)
}

fn seeds(root: &Path) -> Files {
    let mut files = Files::new();
    let all = fixtures(root);
    let objects: Vec<(String, Value)> = all
        .iter()
        .filter_map(|(name, bytes)| object(bytes).map(|v| (name.clone(), v)))
        .collect();
    // libFuzzer raises its input length limit to the longest seed; a 34 KB
    // timeout input made parse_bytes five times slower, so large inputs stay
    // regression tests and do not become seeds.
    for (name, bytes) in all.iter().filter(|(_, b)| b.len() <= MAX_SEED) {
        files.insert(
            PathBuf::from(format!("seeds/parse_bytes/{name}.json")),
            bytes.clone(),
        );
    }
    for (name, value) in &objects {
        let compact = Sample::from_value(value.clone());
        let quirky = compact
            .clone()
            .with_layout(Layout::Pretty)
            .with_quirk(Quirk::Bom)
            .with_quirk(Quirk::DuplicateKey {
                object: 1,
                entry: 0,
            });
        for target in [
            "validate_structured",
            "normalize_roundtrip",
            "schema_oracle",
        ] {
            files.insert(
                PathBuf::from(format!("seeds/{target}/{name}.bin")),
                compact.encode(),
            );
        }
        files.insert(
            PathBuf::from(format!("seeds/validate_structured/{name}-quirky.bin")),
            quirky.encode(),
        );
    }
    // Pairs of the valid bodies, each with itself too, and the old/new diff cases.
    let valid: Vec<&(String, Value)> = objects
        .iter()
        .filter(|(n, _)| n.starts_with("valid-"))
        .collect();
    for (a, va) in &valid {
        for (b, vb) in &valid {
            let mut bytes = Sample::from_value(va.clone()).encode();
            bytes.extend(Sample::from_value(vb.clone()).encode());
            files.insert(
                PathBuf::from(format!("seeds/diff_pair/{a}--{b}.bin")),
                bytes,
            );
        }
    }
    for (name, before) in &objects {
        for (old, new) in [(".old", ".new"), (".before", ".after")] {
            let Some(stem) = name.strip_suffix(old) else {
                continue;
            };
            let Some((_, after)) = objects.iter().find(|(n, _)| *n == format!("{stem}{new}"))
            else {
                continue;
            };
            let mut bytes = Sample::from_value(before.clone()).encode();
            bytes.extend(Sample::from_value(after.clone()).encode());
            files.insert(PathBuf::from(format!("seeds/diff_pair/{stem}.bin")), bytes);
        }
    }
    files
}

/// Every field name and documented value in the schema, as quoted JSON strings.
fn dict() -> Vec<u8> {
    fn walk(node: &Value, names: &mut BTreeSet<String>, values: &mut BTreeSet<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    names.extend(props.keys().cloned());
                }
                for key in ["enum", "x-known-values"] {
                    if let Some(Value::Array(list)) = map.get(key) {
                        values.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
                    }
                }
                map.values().for_each(|v| walk(v, names, values));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, names, values)),
            _ => {}
        }
    }
    let (mut names, mut values) = (BTreeSet::new(), BTreeSet::new());
    walk(dswcheck::schema(), &mut names, &mut values);
    let mut out = String::from(
        "# libFuzzer dictionary: every field name and documented value of a GetInstance\n\
         # body, as JSON strings. Generated by `examples/make_seeds.rs`; do not edit.\n",
    );
    let entry = |out: &mut String, token: &str| {
        // A dictionary entry is a C-like string: escape `\` and `"` once more.
        let json = serde_json::to_string(token).expect("a string serializes");
        out.push('"');
        for b in json.bytes() {
            match b {
                b'\\' => out.push_str("\\\\"),
                b'"' => out.push_str("\\\""),
                b' '..=b'~' => out.push(char::from(b)),
                _ => out.push_str(&format!("\\x{b:02X}")),
            }
        }
        out.push_str("\"\n");
    };
    for name in &names {
        entry(&mut out, name);
    }
    for value in values.difference(&names) {
        entry(&mut out, value);
    }
    for token in [
        "null",
        "true",
        "false",
        "******",
        "2026-02-20T02:15:30Z",
        "oss://",
        "10.0.0.0/8",
        "\u{feff}",
    ] {
        entry(&mut out, token);
    }
    out.into_bytes()
}

fn main() -> ExitCode {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = fuzz.parent().expect("fuzz/ is inside the repository");
    let mut want = seeds(root);
    want.insert(PathBuf::from("dict"), dict());
    let check = std::env::args().any(|a| a == "--check");

    let mut have = BTreeSet::new();
    for target in [
        "parse_bytes",
        "validate_structured",
        "diff_pair",
        "normalize_roundtrip",
        "schema_oracle",
    ] {
        if let Ok(entries) = fs::read_dir(fuzz.join("seeds").join(target)) {
            for entry in entries.flatten() {
                have.insert(PathBuf::from(format!("seeds/{target}")).join(entry.file_name()));
            }
        }
    }
    have.insert(PathBuf::from("dict"));

    let mut stale = Vec::new();
    for path in have.iter().filter(|p| !want.contains_key(*p)) {
        stale.push(format!("extra {}", path.display()));
        if !check {
            let _ = fs::remove_file(fuzz.join(path));
        }
    }
    for (path, bytes) in &want {
        if fs::read(fuzz.join(path)).ok().as_ref() != Some(bytes) {
            stale.push(format!("out of date {}", path.display()));
            if !check {
                let full = fuzz.join(path);
                if let Some(dir) = full.parent() {
                    fs::create_dir_all(dir).expect("can create the seed directory");
                }
                fs::write(&full, bytes).expect("can write a seed");
            }
        }
    }
    if check && !stale.is_empty() {
        eprintln!(
            "fuzz seeds or dict out of date; run `cargo run --manifest-path fuzz/Cargo.toml --example make_seeds`:"
        );
        for line in &stale {
            eprintln!("  {line}");
        }
        return ExitCode::FAILURE;
    }
    println!("{} files, {} updated", want.len(), stale.len());
    ExitCode::SUCCESS
}
