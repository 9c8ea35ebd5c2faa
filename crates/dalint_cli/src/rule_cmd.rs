//! `dalint rule CODE` explains a rule; `dalint rule --all` lists them.

use clap::Args;

use crate::exit;

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (`SEC001`) or name (`hard-coded-credential`).
    code: Option<String>,
    /// List every rule.
    #[arg(long, conflicts_with = "code")]
    all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    format: RuleFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RuleFormat {
    Text,
    Json,
}

pub fn run(args: RuleArgs) -> Result<u8, String> {
    if args.all || args.code.is_none() {
        let rules = dalint_core::all_rules();
        match args.format {
            RuleFormat::Json => println!("{}", serde_json::to_string_pretty(&rules).map_err(|e| e.to_string())?),
            RuleFormat::Text => {
                for rule in rules {
                    println!(
                        "{}  {:<34} {:<8} {:<9} {}",
                        rule.code,
                        rule.name,
                        rule.default_severity.as_str(),
                        format!("fix:{}", rule.fix.as_str()),
                        rule.summary
                    );
                }
            }
        }
        return Ok(exit::CLEAN);
    }
    let code = args.code.unwrap_or_default();
    let Some(meta) = dalint_core::find_rule(&code) else {
        return Err(format!("unknown rule `{code}`; `dalint rule --all` lists them"));
    };
    match args.format {
        RuleFormat::Json => {
            let mut value = serde_json::to_value(meta).map_err(|e| e.to_string())?;
            value["markdown"] = serde_json::Value::String(dalint_core::rules::docs_markdown(meta));
            println!("{}", serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
        }
        RuleFormat::Text => print!("{}", dalint_core::rules::docs_markdown(meta)),
    }
    Ok(exit::CLEAN)
}
