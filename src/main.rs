//! The `essor` binary: everything is in the library; this only parses the command line.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    essor::cli::run(essor::cli::Cli::parse())
}
