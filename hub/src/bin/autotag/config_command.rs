//! `autotag config`: check a policy file, push it to the SSM parameter the hub reads, show
//! what is stored there.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use autotag_core::audit::csv_row;
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::config_store::{ParameterPolicy, STANDARD_LIMIT};
use clap::Subcommand;
use serde_json::Value;

use crate::AwsArgs;
use crate::conventions::{Output, read_input};

#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Check a policy file offline; the error names the field that is wrong.
    Validate {
        /// The policy (TOML); `-` for stdin.
        file: PathBuf,
    },
    /// Check a policy file, then store it as the next version of the SSM parameter the hub
    /// reads (a SecureString); the hub takes it within its cache time (5 minutes by default).
    Push {
        #[command(flatten)]
        aws: AwsArgs,
        /// The parameter; default `/<install.name>/config` from the file.
        #[arg(long)]
        parameter: Option<String>,
        /// The policy (TOML); `-` for stdin.
        file: PathBuf,
    },
    /// Print the policy stored in the parameter, after checking it.
    Show {
        #[command(flatten)]
        aws: AwsArgs,
        /// The parameter.
        #[arg(long, default_value = "/autotag/config")]
        parameter: String,
    },
}

pub(crate) async fn run(
    command: ConfigCommand,
    output: Output,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match command {
        ConfigCommand::Validate { file } => {
            let policy = validated(&file)?;
            let fields = summary(&policy, None);
            print_record(out, output, &fields)?;
        }
        ConfigCommand::Push {
            aws,
            parameter,
            file,
        } => {
            let policy = validated(&file)?;
            anyhow::ensure!(
                policy.external_id.is_some(),
                "`{}` has no `spoke.external_id`: the hub could not assume the spoke roles with it",
                file.display()
            );
            let text = read_input(&file)?;
            let name = parameter.unwrap_or_else(|| policy.install.config_parameter());
            let store = ParameterPolicy::connect(&aws.options(), &name).await;
            let version = store.write(&text).await?;
            let mut fields = summary(&policy, Some((&name, &version)));
            let tier = if text.len() <= STANDARD_LIMIT {
                "standard"
            } else {
                "advanced"
            };
            fields.push(("tier", tier.into()));
            fields.push(("bytes", text.len().into()));
            print_record(out, output, &fields)?;
        }
        ConfigCommand::Show { aws, parameter } => {
            let store = ParameterPolicy::connect(&aws.options(), &parameter).await;
            let stored = store.read().await?;
            TagPolicy::from_toml(&stored.text).with_context(|| {
                format!(
                    "parameter `{parameter}` (version {}) holds a policy the hub refuses",
                    stored.version
                )
            })?;
            match output {
                Output::Table => out.write_all(stored.text.as_bytes())?,
                Output::Json | Output::Csv => print_record(
                    out,
                    output,
                    &[
                        ("parameter", parameter.as_str().into()),
                        ("version", stored.version.as_str().into()),
                        ("text", stored.text.as_str().into()),
                    ],
                )?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn validated(file: &std::path::Path) -> anyhow::Result<TagPolicy> {
    let text = read_input(file)?;
    TagPolicy::from_toml(&text).with_context(|| format!("`{}`", file.display()))
}

/// What an operator checks before trusting a policy: where it goes and what it stamps.
fn summary(policy: &TagPolicy, stored: Option<(&str, &str)>) -> Vec<(&'static str, Value)> {
    let mut fields: Vec<(&'static str, Value)> = Vec::new();
    if let Some((parameter, version)) = stored {
        fields.push(("parameter", parameter.into()));
        fields.push(("version", version.into()));
    }
    fields.extend([
        ("install", policy.install.name.as_str().into()),
        ("spoke_role", policy.role_name.as_str().into()),
        ("external_id", policy.external_id.is_some().into()),
        ("owner_key", policy.keys.owner.to_string().into()),
        (
            "date_created_key",
            policy.keys.date_created.to_string().into(),
        ),
        ("created_by_key", policy.keys.created_by.to_string().into()),
    ]);
    fields
}

fn print_record(
    out: &mut impl Write,
    output: Output,
    fields: &[(&'static str, Value)],
) -> std::io::Result<()> {
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    match output {
        Output::Table => {
            let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            for (key, value) in fields {
                writeln!(out, "{key:<width$}  {}", text(value))?;
            }
        }
        Output::Json => {
            let object: serde_json::Map<String, Value> = fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect();
            writeln!(out, "{}", Value::Object(object))?;
        }
        Output::Csv => {
            let keys: Vec<String> = fields.iter().map(|(k, _)| (*k).to_owned()).collect();
            let values: Vec<String> = fields.iter().map(|(_, v)| text(v)).collect();
            writeln!(out, "{}", csv_row(&keys))?;
            writeln!(out, "{}", csv_row(&values))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_record_prints_in_each_format() {
        let fields = [("install", json!("autotag")), ("external_id", json!(true))];
        let mut table = Vec::new();
        print_record(&mut table, Output::Table, &fields).unwrap();
        assert_eq!(
            String::from_utf8(table).unwrap(),
            "install      autotag\nexternal_id  true\n"
        );
        let mut csv = Vec::new();
        print_record(&mut csv, Output::Csv, &fields).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "install,external_id\nautotag,true\n"
        );
        let mut lines = Vec::new();
        print_record(&mut lines, Output::Json, &fields).unwrap();
        let parsed: Value = serde_json::from_slice(&lines).unwrap();
        assert_eq!(parsed, json!({"install": "autotag", "external_id": true}));
    }
}
