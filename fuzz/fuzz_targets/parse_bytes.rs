//! Raw bytes through parse, validate and the compact reader: never a panic, the same instance
//! from both, every position inside the text, and agreement with serde_json
//! on what is JSON, with no data lost from any object.

#![no_main]

use dswcheck::Severity;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    // The compact reader the diff command uses: the diagnostics and the
    // canonical form of the Value reader, whatever the bytes.
    let read = dswcheck::read(data);
    let snapshot = dswcheck::Snapshot::read(data.to_vec());
    // Everything the readers say; a Snapshot computes no fingerprints.
    let said = |diagnostics: &[dswcheck::Diagnostic]| -> Vec<String> {
        diagnostics.iter().map(ToString::to_string).collect()
    };
    assert_eq!(
        said(snapshot.diagnostics()),
        said(read.diagnostics()),
        "Snapshot::read and read disagree"
    );
    let options = dswcheck::DiffOptions::new();
    assert_eq!(
        dswcheck::normalize_snapshot(&snapshot, &options),
        dswcheck::normalize(&read, &options),
        "normalize_snapshot and normalize disagree"
    );
    drop((read, snapshot));
    let parsed = dswcheck::parse(data);
    let report = dswcheck::validate(data);
    assert_eq!(
        parsed.instance(),
        report.instance(),
        "parse and validate decode differently"
    );

    let text = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    for d in report.diagnostics() {
        let line = lines
            .get((d.line as usize).wrapping_sub(1))
            .unwrap_or_else(|| panic!("{d} is past the last line {}", lines.len()));
        // Columns count characters: bytes that do not continue a UTF-8 sequence.
        let width = line.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        assert!(
            d.column >= 1 && d.column as usize <= width + 1,
            "{d} is past the end of its line ({width} characters)"
        );
        assert_eq!(
            d.severity,
            d.code.severity(),
            "{d} has another severity than its code"
        );
    }

    // A JSON-level error is one that makes the text not JSON at all.
    let not_json = report.diagnostics().iter().any(|d| d.code.is_syntax());
    match serde_json::from_slice::<Value>(text) {
        Ok(value) => {
            assert!(
                !not_json,
                "serde_json reads JSON that dswcheck refuses: {:?}",
                report.diagnostics()
            );
            match report.instance() {
                Some(instance) => assert_eq!(
                    serde_json::to_value(instance).expect("an instance serializes"),
                    value,
                    "the instance does not give back the input"
                ),
                None => assert!(!value.is_object(), "an object gave no instance"),
            }
        }
        Err(e) => assert!(
            not_json
                && report
                    .diagnostics()
                    .iter()
                    .any(|d| d.severity == Severity::Error),
            "dswcheck reads text that serde_json refuses ({e})"
        ),
    }
});
