//! Deciding: from one event and the policy to a decision ([`plan`]), what its tags depend on
//! beyond the record (`lookups`), and the merge of what they inherit once the hub has looked it
//! up ([`inherit`]).

pub mod inherit;
mod lookups;
pub mod plan;
