//! ECR beyond stamping repositories: pushed images' labels compared with their repository's
//! tags (`labels`), for the pushes read from `PutImage` records (`push`), and the record of each
//! check the hub keeps for `autotag audit` (`check`). Pure: the hub reads the config blob and
//! the tags and hands them in.

pub mod check;
pub mod labels;
pub mod push;

/// The registry's resource type of an ECR repository: the only type label checks are kept for.
pub const REPOSITORY_TYPE: &str = "ecr:repository";
