//! ECR beyond stamping repositories: pushed images' labels compared with their repository's
//! tags (`labels`), for the pushes read from `PutImage` records (`push`). Pure: the hub reads
//! the config blob and the tags and hands them in.

pub mod labels;
pub mod push;
