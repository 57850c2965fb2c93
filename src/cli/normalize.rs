//! `dswcheck normalize`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::diff::{load, options, parse_pointer};

/// Arguments of `dswcheck normalize`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
The canonical form has sorted keys, identity-keyed arrays sorted by identity (the keys \
`dswcheck diff` matches by), string sets sorted, volatile fields removed and secrets replaced \
by <redacted>, printed as indented JSON with a trailing newline. Two snapshots that \
`dswcheck diff` finds equal (with the same --include-volatile and --ignore) normalize to the \
same bytes, and normalizing a canonical form changes nothing.

Exit codes:
  0  the canonical form was written
  2  the input could not be read or is not a JSON object, or the arguments are wrong")]
pub struct Args {
    /// The snapshot; `-` reads standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Keep volatile fields (RequestId, AccumulatedRunningTimeInMs, ...; listed in
    /// `dswcheck diff --help`).
    #[arg(long)]
    include_volatile: bool,

    /// Leave out values whose JSON Pointer matches; `*` matches any one token
    /// (`/Datasets/*/Options`). Repeatable.
    #[arg(long, value_name = "POINTER", value_parser = parse_pointer)]
    ignore: Vec<dswcheck::Pointer>,
}

/// Runs `dswcheck normalize`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let snapshot = load(&args.file)?;
    let options = options(args.include_volatile, &args.ignore);
    let canonical = dswcheck::normalize_snapshot(&snapshot, &options);
    drop(snapshot);
    // The bytes of `dswcheck::normalize_to_vec`, streamed rather than built in memory.
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &canonical)
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .context("failed to write the output")?;
    Ok(ExitCode::SUCCESS)
}
