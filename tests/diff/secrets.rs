//! No secret of `secret-rotated.*.json` in any output of diff or
//! normalize, the library's or the command's.

use std::process::Output;

use dswcheck::DiffOptions;

use crate::{all_formats, data, dswcheck, load};

/// A fake secret put, unmasked, into the secret fields of `secret-rotated.*.json`.
const SECRET: &str = "hunter2-SECRET";
/// The Base64 prefix of the fixture's `ImageAuth` values (`user:hunter2-SECRET-…`).
const SECRET_BASE64: &str = "dXNlcjpodW50ZXIyLVNFQ1JFVC1";

#[test]
fn no_secret_value_in_any_format() {
    let (old_path, new_path) = (
        data("secret-rotated.old.json"),
        data("secret-rotated.new.json"),
    );
    let old_text = std::fs::read_to_string(&old_path).unwrap();
    let new_text = std::fs::read_to_string(&new_path).unwrap();
    // The fixtures do hold the secrets, in every kind of secret field.
    for needle in [
        "\"ImageAuth\": \"dXNlcjpodW50ZXIy",
        "hf_hunter2-SECRET",
        "STS.hunter2-SECRET",
        "LTAI5thunter2-SECRET",
        "hunter2-SECRET-jupyter",
        "hunter2-SECRET-unknown",
    ] {
        assert!(
            old_text.contains(needle) || new_text.contains(needle),
            "{needle}"
        );
    }
    let (old, new) = (load(&old_path).unwrap(), load(&new_path).unwrap());
    for options in [
        DiffOptions::new(),
        DiffOptions::new().should_include_volatile(true),
    ] {
        let diff = dswcheck::diff(&old, &new, &options).unwrap();
        assert!(diff.changes.len() >= 10);
        for output in all_formats(&diff) {
            assert!(
                !output.contains(SECRET) && !output.contains(SECRET_BASE64),
                "secret in {output}"
            );
        }
        for instance in [&old, &new] {
            let canonical =
                String::from_utf8(dswcheck::normalize_to_vec(instance, &options)).unwrap();
            assert!(
                !canonical.contains(SECRET) && !canonical.contains(SECRET_BASE64),
                "secret in {canonical}"
            );
            assert!(canonical.contains("<redacted>"));
        }
        let patch = diff.patch();
        assert!(patch.redacted_ops() >= 8, "{}", patch.redacted_ops());
    }
    // And through the command, stdout and stderr alike.
    for format in ["text", "json", "patch", "markdown"] {
        let output = dswcheck(
            &["diff", "--color", "always", "--format", format],
            &[&old_path, &new_path],
        );
        assert_eq!(output.status.code(), Some(1), "{format}");
        let all = printed(&output);
        assert!(
            !all.contains(SECRET) && !all.contains(SECRET_BASE64),
            "secret in {format} output: {all}"
        );
        assert!(all.contains("redacted"), "{format}");
    }
    for path in [&old_path, &new_path] {
        let output = dswcheck(&["normalize"], &[path]);
        let all = printed(&output);
        assert!(
            !all.contains(SECRET) && !all.contains(SECRET_BASE64),
            "secret in normalize output: {all}"
        );
    }
}

/// Standard output and standard error, one after the other.
fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
