//! `dswcheck validate`.

use std::process::ExitCode;

/// Arguments of `dswcheck validate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `dswcheck validate`.
pub fn run(_args: &Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`dswcheck validate` is not built yet")
}
