//! The `essor` binary: the command line ([`cli`]) and the web server ([`web`]), the two edges of the
//! engine that the `essor` library is, and the synthetic catalogue generator ([`generate`]). Only the
//! edges read the clock: [`today`] is passed to the engine with each need.

mod cli;
mod generate;
mod web;

use std::process::ExitCode;

use clap::Parser;
use jiff::civil::Date;

fn main() -> ExitCode {
    cli::run(cli::Cli::parse())
}

/// Today's date in metropolitan France (the system's time zone if the zone database is missing): the
/// consultation date of a need that gives none.
pub(crate) fn today() -> Date {
    jiff::Timestamp::now().in_tz("Europe/Paris").map(|z| z.date()).unwrap_or_else(|_| jiff::Zoned::now().date())
}
