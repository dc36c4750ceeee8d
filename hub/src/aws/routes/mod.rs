//! The route taggers: one module per tagging API family, each writing a plan's tags with the
//! cheapest correct call of its service ([`autotag_core::registry::Route`]). The hub reaches them
//! through [`super::AwsTagger`]; the shared read-merge-write helpers are in [`super`].

pub mod apigateway;
pub mod autoscaling;
pub(crate) mod by_arn;
pub mod cloudmap;
pub mod cloudwatch;
pub mod dax;
pub mod ec2;
pub mod ecr;
pub mod iam;
pub mod organizations;
pub mod rolesanywhere;
pub mod s3;
pub mod tagging;
