//! Command-line parsing and dispatch. The library holds the logic.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod color;
mod config;
mod diff;
mod drift;
mod gate;
mod inputs;
mod normalize;
mod review;
mod snapshot;
mod validate;

/// Validate, diff, normalize, snapshot and report drift of Alibaba Cloud PAI-DSW GetInstance responses.
///
/// Exit codes: 0 valid / no change, 1 invalid / changes found, 2 the tool could not run.
#[derive(Debug, Parser)]
#[command(name = "dswcheck", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate GetInstance bodies against the documented schema and rules.
    Validate(validate::Args),
    /// Compare two snapshots of the same instance.
    Diff(diff::Args),
    /// Report API drift over many bodies: unknown fields, undocumented values, field rollout.
    Drift(drift::Args),
    /// Print the canonical snapshot form of a body.
    Normalize(normalize::Args),
    /// Record captures in the snapshot store, check them against it, list pending snapshots.
    Snapshot(snapshot::Args),
    /// Accept or reject pending snapshots, one key each.
    Review(review::Args),
}

/// Runs the command line; maps tool failures to exit code 2.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match &cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Drift(args) => drift::run(args),
        Command::Normalize(args) => normalize::run(args),
        Command::Snapshot(args) => snapshot::run(args),
        Command::Review(args) => review::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {e:#}");
            }
            ExitCode::from(2)
        }
    }
}

/// The exit code once the output is written: a closed stdout
/// (`dswcheck ... | head`) ends the output, but never the verdict, and it is
/// not an error; any other write failure is.
fn verdict(written: std::io::Result<()>, code: ExitCode) -> anyhow::Result<ExitCode> {
    use anyhow::Context as _;
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("failed to write the output")
        }
        _ => Ok(code),
    }
}

/// A closed pipe (`dswcheck ... | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory as _;
        super::Cli::command().debug_assert();
    }
}
