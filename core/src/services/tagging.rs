//! `tagging.amazonaws.com`: the Resource Groups Tagging API, which creates nothing but changes
//! the tags of resources of every service the registry tags through it.
//!
//! Hence no registry rows and no fixtures: the file holds its tag-change calls and what its
//! untag action does given no key.

use crate::services::row::{EventRow, ID, TagChangeRow, TagsAt, Target, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The API creates nothing.
pub static ROWS: &[EventRow] = &[];

/// The API's own actions are granted by route ([`crate::services::route_actions`]), on no
/// resource type.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[];

const TAGGING_API: &[Target] = &[Target::at("requestParameters.resourceARNList[]", ID)];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    TagChangeRow {
        tags: &[TagsAt::Map("requestParameters.tags")],
        ..tag("tagging.amazonaws.com", "TagResources")
    }
    .on(TAGGING_API),
    untag("tagging.amazonaws.com", "UntagResources").on(TAGGING_API),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("tag:UntagResources", Keyless::KeysRequired("TagKeys"))];
