//! The `dalint` command line: `check` (lint and fix), `preview`, `rule`.

mod baseline;
mod check;
mod config;
mod files;
mod format;
mod preview_cmd;
mod report;
mod rule_cmd;
mod write;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Find and fix leaked credentials in Genesys Cloud Data Actions.
#[derive(Debug, Parser)]
#[command(name = "dalint", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check Data Action files (and fix them with --fix).
    Check(check::CheckArgs),
    /// Show the request each action would send (secrets redacted), offline.
    Preview(preview_cmd::PreviewArgs),
    /// Explain a rule, or list all rules.
    Rule(rule_cmd::RuleArgs),
}

/// Exit codes shared by every command.
pub mod exit {
    /// Nothing at warning level or above.
    pub const CLEAN: u8 = 0;
    /// Something at warning level or above (parse errors included).
    pub const FINDINGS: u8 = 1;
    /// dalint could not run: bad arguments, unreadable path.
    pub const ERROR: u8 = 2;
}

// The lint allocates many small, short-lived values (template parses, renderings): mimalloc
// checks a 10 MiB export in 0.32 s instead of 0.43 s with the system allocator (README, Performance),
// for about 40% more peak memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { exit::ERROR } else { exit::CLEAN };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Preview(args) => preview_cmd::run(args),
        Command::Rule(args) => rule_cmd::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("dalint: error: {err}");
            ExitCode::from(exit::ERROR)
        }
    }
}
