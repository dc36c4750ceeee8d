//! `autotag doctor`: a preflight and health check of a deployment, from the management or the
//! delegated-admin account. The hub gathers the facts, core judges them; this reads the
//! rendered files under `--root`, prints the report and sets the exit status.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use autotag_core::audit::OutputFormat;
use autotag_core::doctor::{self, CallAs};
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::doctor::{DoctorClients, DoctorOptions, gather};
use autotag_hub::aws::{AwsOptions, load_sdk_config};
use clap::Args;

/// Exit status when any check fails.
const CHECK_FAILED: u8 = crate::conventions::VERDICT;

/// `--call-as`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum CallAsArg {
    /// The management account.
    #[value(name = "self")]
    SelfAccount,
    /// A delegated StackSets administrator.
    DelegatedAdmin,
}

/// `--area`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum AreaArg {
    /// Feature set, trusted access, SCPs.
    Organization,
    /// The organization trail.
    Trail,
    /// The hub stack and its outputs.
    HubStack,
    /// The spoke StackSets' instances.
    Stackset,
    /// The config against the stacks and the rendered files.
    Config,
    /// One test `AssumeRole` per account.
    AssumeRole,
}

impl AreaArg {
    fn area(self) -> doctor::Area {
        match self {
            Self::Organization => doctor::Area::Organization,
            Self::Trail => doctor::Area::Trail,
            Self::HubStack => doctor::Area::HubStack,
            Self::Stackset => doctor::Area::StackSet,
            Self::Config => doctor::Area::Config,
            Self::AssumeRole => doctor::Area::AssumeRole,
        }
    }
}

/// The doctor's options.
#[derive(Debug, Args)]
pub(crate) struct DoctorArgs {
    /// The hub stack's name; default `<install>-hub` from the config.
    #[arg(long)]
    pub(crate) hub_stack: Option<String>,
    /// The region of the hub stack and of the StackSets' administration; default --region.
    #[arg(long)]
    pub(crate) hub_region: Option<String>,
    /// As whom the StackSets are read: the management account, or a delegated administrator.
    #[arg(long, value_enum, default_value_t = CallAsArg::SelfAccount)]
    pub(crate) call_as: CallAsArg,
    /// Where `autotag render` wrote the files compared with the config.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Do not try `AssumeRole` into each account.
    #[arg(long)]
    pub(crate) skip_assume: bool,
    /// A root, OU or account the SCPs must be attached to, besides the StackSets' OUs; repeat
    /// or separate with commas.
    #[arg(long = "scp-target", value_delimiter = ',')]
    pub(crate) scp_targets: Vec<String>,
    /// Only these areas' checks (repeat or separate with commas), e.g. `assume-role,hub-stack`
    /// as the hub's operator role, which cannot read the organization or its StackSets.
    #[arg(long = "area", value_enum, value_delimiter = ',')]
    pub(crate) areas: Vec<AreaArg>,
    /// `AssumeRole` calls at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub(crate) concurrency: u16,
}

/// Runs the checks and prints them; exit status 4 when one fails.
pub(crate) async fn run(
    policy: TagPolicy,
    args: DoctorArgs,
    options: &AwsOptions,
    output: OutputFormat,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let options = AwsOptions {
        region: args.hub_region.clone().or_else(|| options.region.clone()),
        ..options.clone()
    };
    let base = load_sdk_config(&options).await;
    let hub_region = base
        .region()
        .map(ToString::to_string)
        .unwrap_or_else(|| "us-east-1".to_owned());
    let doctor_options = DoctorOptions {
        hub_stack: args
            .hub_stack
            .clone()
            .unwrap_or_else(|| policy.install.hub_stack()),
        hub_region,
        call_as: match args.call_as {
            CallAsArg::SelfAccount => CallAs::SelfAccount,
            CallAsArg::DelegatedAdmin => CallAs::DelegatedAdmin,
        },
        skip_assume: args.skip_assume
            || (!args.areas.is_empty() && !args.areas.contains(&AreaArg::AssumeRole)),
        concurrency: usize::from(args.concurrency),
        scp_targets: args.scp_targets.clone(),
    };
    let terminal = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if terminal {
            let end = if done == total { "\n" } else { "" };
            let _ = write!(std::io::stderr(), "\rassume-role: {done}/{total}{end}");
        }
    };
    let facts = gather(
        &DoctorClients::new(&base),
        &policy,
        &doctor_options,
        &progress,
    )
    .await;
    let on_disk = rendered_on_disk(&policy, &args.root);
    let mut checks = doctor::evaluate(&policy, &facts, &on_disk);
    if !args.areas.is_empty() {
        let wanted: Vec<doctor::Area> = args.areas.iter().map(|a| a.area()).collect();
        checks.retain(|c| c.area == doctor::Area::Caller || wanted.contains(&c.area));
    }
    out.write_all(doctor::render_checks(&checks, output).as_bytes())?;
    out.flush()?;
    Ok(if doctor::any_failed(&checks) {
        ExitCode::from(CHECK_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

/// The text under `root` of every file the config renders (`None` when it cannot be read);
/// nothing when the config cannot be rendered, which the checks report.
fn rendered_on_disk(
    policy: &TagPolicy,
    root: &std::path::Path,
) -> BTreeMap<String, Option<String>> {
    autotag_core::render::render_all(policy)
        .unwrap_or_default()
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(root.join(&file.path)).ok();
            (file.path, text)
        })
        .collect()
}
