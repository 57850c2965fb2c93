//! `dswcheck normalize`.

use std::process::ExitCode;

/// Arguments of `dswcheck normalize`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `dswcheck normalize`.
pub fn run(_args: &Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`dswcheck normalize` is not built yet")
}
