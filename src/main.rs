//! The `dswcheck` command: validate, diff and normalize PAI-DSW GetInstance responses.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
