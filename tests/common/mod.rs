//! Helpers shared by the integration tests: where the fixtures are and how to read them.

// Each test crate compiles this module and uses a different part of it.
#![allow(dead_code)]

pub mod repo;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The UTF-8 byte order mark some editors put before the JSON text.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `tests/data/<dir>`.
pub fn data_dir(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
}

/// The `*.json` fixtures of `tests/data/<dir>`, sorted by name.
///
/// Panics if there are none, so a moved directory cannot turn a test into a no-op.
pub fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = data_dir(dir);
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
}

/// Every file under `dir`, at any depth, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries =
            fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("readable directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every fixture, valid ones first.
pub fn all_fixtures() -> Vec<PathBuf> {
    let mut paths = fixtures("valid");
    paths.extend(fixtures("invalid"));
    paths
}

/// The file name of a fixture, for messages.
pub fn name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .expect("UTF-8 file name")
}

/// The bytes of a fixture.
pub fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `bytes` without a leading BOM, which dswcheck tolerates and `serde_json` does not.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// insta settings shared by the snapshot tests: snapshots in the top-level
/// `snapshots/` directory, maps sorted.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_sort_maps(true);
    settings
}

/// Runs `program` with `args`, writing `stdin` to its standard input, and
/// returns its output: standard output captured, standard error left to the
/// test's.
pub fn output_with_stdin<S: AsRef<OsStr>>(
    program: &str,
    args: impl IntoIterator<Item = S>,
    stdin: &[u8],
) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin).unwrap();
    child.wait_with_output().unwrap()
}
