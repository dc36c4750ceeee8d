//! Deciding: from one event and the policy to a decision ([`plan`]), and the merge of what a
//! plan's tags inherit once the hub has looked it up ([`inherit`]).

pub mod inherit;
pub mod plan;
