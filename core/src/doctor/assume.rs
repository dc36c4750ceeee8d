//! Who runs the doctor, and the test `AssumeRole` into each account: the hub's path into the
//! spokes, external id and trust included, tried for real.

use super::{Area, AssumeOutcome, Check, Facts};
use crate::policy::{AccountScope, TagPolicy};

pub(super) fn caller(facts: &Facts) -> Check {
    match &facts.caller {
        Ok(arn) => Check::pass(Area::Caller, "identity", format!("running as `{arn}`")),
        Err(failure) => Check::call_failed(Area::Caller, "identity", failure),
    }
}

pub(super) fn assume_roles(policy: &TagPolicy, facts: &Facts) -> Vec<Check> {
    let area = Area::AssumeRole;
    let accounts = match &facts.accounts {
        Ok(accounts) => accounts,
        Err(failure) => return vec![Check::call_failed(area, "accounts", failure)],
    };
    let mut checks = Vec::new();
    if let AccountScope::Only(scope) = &policy.scope {
        for account in scope {
            if !accounts.iter().any(|a| a == account.as_str()) {
                checks.push(Check::warn(
                    area,
                    account.as_str(),
                    "in `scope.accounts` but not an active account of the organization",
                    "remove it from `scope.accounts`, or check the account id",
                ));
            }
        }
    }
    let Some(results) = &facts.assumed else {
        checks.push(Check::warn(
            area,
            "accounts",
            "skipped (--skip-assume): the external id and the spoke roles' trust are not tested",
            "run `autotag doctor` without --skip-assume, as the hub's operator role",
        ));
        return checks;
    };
    let management = facts.management_account();
    let mut skipped = 0usize;
    for result in results {
        match &result.outcome {
            // `*` takes in the management account, which StackSets never deploy to and
            // docs/deploy.md advises leaving out: worth saying, not a failure.
            AssumeOutcome::Failed(failure)
                if policy.scope == AccountScope::All
                    && management == Some(result.account.as_str()) =>
            {
                checks.push(Check::warn(
                    area,
                    &result.account,
                    format!("the management account has no spoke role: {failure}"),
                    "nothing created there is stamped; to cover it, deploy the spoke templates there as stacks (docs/deploy.md, \"The management account\"), or list the other accounts in `scope.accounts`",
                ));
            }
            AssumeOutcome::Assumed => checks.push(Check::pass(
                area,
                &result.account,
                format!("assumed `{}` with the external id", result.role_arn),
            )),
            AssumeOutcome::OutOfScope => skipped += 1,
            AssumeOutcome::Failed(failure) if failure.is_denied() => checks.push(Check::fail(
                area,
                &result.account,
                failure.to_string(),
                format!(
                    "`{}` refused the caller: check that `spoke.external_id` is the `{}` StackSet's `ExternalId` parameter, that the caller is the hub's `{}` role (the spoke role trusts only it and `{}`), and that the account's `{}` instance is CURRENT",
                    result.role_arn,
                    policy.install.roles_stack_set(),
                    policy.install.operator_role(),
                    policy.install.function_role(),
                    policy.install.roles_stack_set()
                ),
            )),
            AssumeOutcome::Failed(failure) => {
                checks.push(Check::call_failed(area, &result.account, failure));
            }
        }
    }
    if skipped > 0 {
        checks.push(Check::pass(
            area,
            "out of scope",
            format!("{skipped} active account(s) outside `scope.accounts` not tried: the hub never assumes into them"),
        ));
    }
    checks
}
