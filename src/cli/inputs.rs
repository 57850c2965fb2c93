//! The inputs of the commands that read many bodies (`validate`, `drift`):
//! one set of arguments, read one way.

use std::ffi::OsStr;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

/// The name of standard input in the output.
pub(super) const STDIN: &str = "<stdin>";

/// Files of bodies, and how to read them.
#[derive(Debug, clap::Args)]
pub(super) struct Inputs {
    /// The files to read; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Read every input as NDJSON, one document per line (needed for `-`).
    #[arg(long)]
    pub ndjson: bool,

    /// Threads validating NDJSON lines [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,
}

impl Inputs {
    /// The threads asked for, or one per core.
    pub fn threads(&self) -> NonZeroUsize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
    }

    /// Whether `path` holds a document per line: by `--ndjson`, or by its name.
    pub fn is_ndjson(&self, path: &Path) -> bool {
        self.ndjson || is_ndjson(path)
    }
}

/// Whether `path` is standard input.
pub(super) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How `path` is named in the output.
pub(super) fn name(path: &Path) -> String {
    if is_stdin(path) {
        STDIN.to_owned()
    } else {
        path.display().to_string()
    }
}

/// A `--threads` value: 1 to [`MAX_THREADS`](dswcheck::MAX_THREADS).
pub(super) fn parse_threads(s: &str) -> Result<NonZeroUsize, String> {
    let max = dswcheck::MAX_THREADS;
    match s.parse::<NonZeroUsize>() {
        Ok(n) if n.get() <= max => Ok(n),
        Ok(_) => Err(format!(
            "at most {max} threads, found {s}: more threads than cores gain nothing"
        )),
        Err(_) => Err(format!(
            "expected a number of threads from 1 to {max}, found {s:?}"
        )),
    }
}

/// Whether a file's name says it holds NDJSON (`.ndjson`, `.jsonl`).
pub(super) fn is_ndjson(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| ext.eq_ignore_ascii_case("ndjson") || ext.eq_ignore_ascii_case("jsonl"))
}
