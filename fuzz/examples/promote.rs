//! Turns a fuzz artifact into readable regression data under `tests/data/fuzz/`.
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --example promote -- TARGET ARTIFACT`
//! writes `NAME` (the raw bytes, for `parse_bytes`), `NAME.json` (the body a
//! structured sample renders to) or `NAME.old.json` and `NAME.new.json` (for
//! `diff_pair`), where `NAME` is the artifact's file name (`crash-<sha1>`,
//! `timeout-<sha1>`...), and prints the `Debug` reproducer of the input.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use dswcheck::arbitrary::Sample;
use libfuzzer_sys::arbitrary::{Arbitrary, Unstructured};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [target, artifact] = args.as_slice() else {
        eprintln!("usage: promote TARGET ARTIFACT");
        return ExitCode::from(2);
    };
    let bytes = match fs::read(artifact) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {artifact}: {e}");
            return ExitCode::from(2);
        }
    };
    let name = Path::new(artifact)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/fuzz");
    fs::create_dir_all(&dir).expect("can create tests/data/fuzz");
    let mut written: Vec<(String, Vec<u8>)> = Vec::new();
    match target.as_str() {
        "parse_bytes" => written.push((name.clone(), bytes)),
        "validate_structured" | "normalize_roundtrip" => {
            let Ok(sample) = Sample::arbitrary_take_rest(Unstructured::new(&bytes)) else {
                eprintln!("error: not a sample");
                return ExitCode::from(2);
            };
            println!("{sample:#?}");
            written.push((format!("{name}.json"), sample.to_bytes()));
        }
        "diff_pair" => {
            let Ok((old, new)) = <(Sample, Sample)>::arbitrary_take_rest(Unstructured::new(&bytes))
            else {
                eprintln!("error: not a pair of samples");
                return ExitCode::from(2);
            };
            println!("{old:#?}\n{new:#?}");
            written.push((format!("{name}.old.json"), old.to_bytes()));
            written.push((format!("{name}.new.json"), new.to_bytes()));
        }
        other => {
            eprintln!("error: unknown target {other}");
            return ExitCode::from(2);
        }
    }
    for (file, contents) in written {
        let path = dir.join(&file);
        fs::write(&path, contents).expect("can write the crash input");
        println!("wrote tests/data/fuzz/{file}");
    }
    ExitCode::SUCCESS
}
