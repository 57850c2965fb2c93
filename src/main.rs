//! The `dswcheck` command: validate, diff and normalize PAI-DSW GetInstance responses.

mod cli;

use std::process::ExitCode;

// Parsed documents are many small allocations (keys, short strings, small
// maps); mimalloc's size classes waste far less on them than glibc's
// 32-byte minimum chunks, and it is faster at it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
