//! ECR beyond stamping repositories: pushed images' labels compared with their repository's
//! tags (`labels`). Pure: the hub reads the config blob and the tags and hands them in.

pub mod labels;
