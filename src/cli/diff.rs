//! `dswcheck diff`.

use std::process::ExitCode;

/// Arguments of `dswcheck diff`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `dswcheck diff`.
pub fn run(_args: &Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`dswcheck diff` is not built yet")
}
