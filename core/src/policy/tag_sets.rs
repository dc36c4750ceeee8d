//! The `[[tag_set]]` tables: fixed tags written only on resources of the types a set names
//! (the ECR tag-enforcement seed's `Confidentiality`, `Compliance` and `AutoTag_ManagedBy` on
//! repositories), and [`retag_delta`], what a `retag` run must apply after the policy changed.
//!
//! A tag set's tags behave like `[static_tags]`: written once, never over a key the resource
//! carries, after every other tag of the plan, and left out first at the 50-tag limit. Unlike
//! static values, an empty value is a placeholder the seed uses on purpose (`Compliance = ""`).

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Deserialize;

use super::{PolicyError, TagPolicy, field_error};
use crate::services;
use crate::tags::{MAX_TAGS_PER_RESOURCE, TagKey, TagValue};

/// One `[[tag_set]]` as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagSetFile {
    /// The registry resource types whose created resources get these tags (`autotag registry`),
    /// e.g. `ecr:repository`, or every type of a service with `service:*` (which must match at
    /// least one), as in `[[enforce]]` rules.
    pub resource_types: Vec<String>,
    /// The tags, key = value. A value may be empty (a placeholder for the owner to fill in);
    /// otherwise it must already be a valid tag value, as in `[static_tags]`.
    pub tags: BTreeMap<String, String>,
}

/// A validated tag set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeTagSet {
    /// The registry resource types it covers, wildcards expanded.
    pub resource_types: BTreeSet<&'static str>,
    /// Its tags, in key order.
    pub tags: Vec<(TagKey, TagValue)>,
}

/// Validates the `[[tag_set]]` tables. `configured` maps every key the policy already writes
/// (stamps, static and templated tags) to the field naming it: a tag set may not reuse one.
/// Two sets may give the same key only when they cover no type in common.
pub(super) fn parse_tag_sets(
    files: &[TagSetFile],
    configured: &BTreeMap<TagKey, String>,
) -> Result<Vec<TypeTagSet>, PolicyError> {
    let mut sets: Vec<TypeTagSet> = Vec::new();
    // (key, type) -> the field that first gave the key to the type.
    let mut given: BTreeMap<(TagKey, &'static str), String> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        let at = format!("tag_set[{index}]");
        let resource_types =
            super::enforce::parse_types(&format!("{at}.resource_types"), &file.resource_types)?;
        if file.tags.is_empty() {
            return Err(field_error(
                format!("{at}.tags"),
                "the table is empty; name at least one tag",
            ));
        }
        let mut tags = Vec::new();
        for (name, value) in &file.tags {
            let field = format!("{at}.tags.{name}");
            let key = TagKey::parse(name).map_err(|err| field_error(&field, err.to_string()))?;
            if !TagValue::is_valid(value) {
                return Err(field_error(
                    field,
                    format!(
                        "value `{value}` has characters AWS tags do not allow or exceeds 256 characters"
                    ),
                ));
            }
            if let Some(earlier) = configured.get(&key) {
                return Err(field_error(
                    field,
                    format!("key `{key}` is already used by `{earlier}`"),
                ));
            }
            for resource_type in &resource_types {
                if let Some(earlier) = given.insert((key.clone(), resource_type), field.clone()) {
                    return Err(field_error(
                        field,
                        format!("key `{key}` is already given to `{resource_type}` by `{earlier}`"),
                    ));
                }
            }
            tags.push((key, TagValue::sanitize(value)));
        }
        sets.push(TypeTagSet {
            resource_types,
            tags,
        });
    }
    let mut per_type: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (_, resource_type) in given.keys() {
        *per_type.entry(resource_type).or_default() += 1;
    }
    if let Some((resource_type, most)) = per_type.into_iter().max_by_key(|(_, count)| *count) {
        let total = configured.len() + most;
        if total > MAX_TAGS_PER_RESOURCE {
            return Err(field_error(
                "tag_set",
                format!(
                    "{total} tags are configured for `{resource_type}`; a resource holds at most 50"
                ),
            ));
        }
    }
    Ok(sets)
}

impl TagPolicy {
    /// The tag-set tags a created resource of `resource_type` gets, in the order of the sets,
    /// then of their keys.
    pub fn type_tags(&self, resource_type: &str) -> Vec<(&TagKey, &TagValue)> {
        self.tag_sets
            .iter()
            .filter(|set| set.resource_types.contains(resource_type))
            .flat_map(|set| set.tags.iter().map(|(k, v)| (k, v)))
            .collect()
    }

    /// The fixed tags (static and tag-set tags) a resource of `resource_type` gets: what a
    /// change of policy can add to existing resources.
    fn fixed_tags(&self, resource_type: &str) -> BTreeMap<&TagKey, &TagValue> {
        self.static_tags
            .iter()
            .map(|(k, v)| (k, v))
            .chain(self.type_tags(resource_type))
            .collect()
    }
}

/// One tag a `retag` run writes on existing resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagUpdate {
    /// The key.
    pub key: TagKey,
    /// The value the new policy gives it.
    pub value: TagValue,
    /// The value the old policy gave it, when it changed; `None` for a key the old policy did
    /// not write on this type. A run should replace only a resource's tag that still holds this
    /// value, not one its owner set since.
    pub previous: Option<TagValue>,
}

/// What a `retag` run must apply after the policy changed from `old` to `new`: for every
/// registry resource type, the fixed tags (`[static_tags]` and `[[tag_set]]`) that `new` adds
/// or whose value it changes, in key order. Types with nothing to apply are absent. Stamps,
/// templated and inherited tags depend on a creation record and are never part of it, and a
/// tag the new policy no longer writes is left on the resources.
pub fn retag_delta(old: &TagPolicy, new: &TagPolicy) -> BTreeMap<&'static str, Vec<TagUpdate>> {
    let mut delta = BTreeMap::new();
    for resource_type in services::resource_types().iter().map(|t| t.resource_type) {
        let before = old.fixed_tags(resource_type);
        let updates: Vec<TagUpdate> = new
            .fixed_tags(resource_type)
            .into_iter()
            .filter_map(|(key, value)| match before.get(key) {
                Some(previous) if *previous == value => None,
                previous => Some(TagUpdate {
                    key: key.clone(),
                    value: value.clone(),
                    previous: previous.map(|p| (*p).clone()),
                }),
            })
            .collect();
        if !updates.is_empty() {
            delta.insert(resource_type, updates);
        }
    }
    delta
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]
    use super::*;

    const SEED: &str = r#"
        [[tag_set]]
        resource_types = ["ecr:repository"]
        tags = { Confidentiality = "", Compliance = "", AutoTag_ManagedBy = "autotag" }
    "#;

    fn refused(text: &str) -> String {
        TagPolicy::from_toml(text).unwrap_err().to_string()
    }

    fn pairs(tags: Vec<(&TagKey, &TagValue)>) -> Vec<String> {
        tags.into_iter().map(|(k, v)| format!("{k}={v}")).collect()
    }

    #[test]
    fn the_seed_set_with_empty_placeholders_is_read() {
        let policy = TagPolicy::from_toml(SEED).unwrap();
        assert_eq!(
            pairs(policy.type_tags("ecr:repository")),
            [
                "AutoTag_ManagedBy=autotag",
                "Compliance=",
                "Confidentiality="
            ]
        );
        assert!(policy.type_tags("ec2:instance").is_empty());
        assert!(TagPolicy::default().type_tags("ecr:repository").is_empty());
    }

    #[test]
    fn wildcards_cover_a_services_types_and_sets_add_up() {
        let policy = TagPolicy::from_toml(
            r#"
            [[tag_set]]
            resource_types = ["ec2:*"]
            tags = { Tier = "compute" }
            [[tag_set]]
            resource_types = ["ec2:instance", "ecr:repository"]
            tags = { Backup = "daily" }
            "#,
        )
        .unwrap();
        assert!(policy.tag_sets[0].resource_types.len() > 10);
        assert_eq!(
            pairs(policy.type_tags("ec2:instance")),
            ["Tier=compute", "Backup=daily"]
        );
        assert_eq!(pairs(policy.type_tags("ec2:volume")), ["Tier=compute"]);
        assert_eq!(pairs(policy.type_tags("ecr:repository")), ["Backup=daily"]);
    }

    #[test]
    fn bad_sets_are_refused_naming_the_field() {
        let set = |types: &str, tags: &str| {
            format!("[[tag_set]]\nresource_types = {types}\ntags = {tags}\n")
        };
        for (text, field, problem) in [
            (
                set(r#"["ecr:repository", "ecr:nope"]"#, "{ a = \"\" }"),
                "`tag_set[0].resource_types[1]`",
                "`ecr:nope` is no registry resource type",
            ),
            (
                set(r#"["nosuch:*"]"#, "{ a = \"\" }"),
                "`tag_set[0].resource_types[0]`",
                "no registry resource type",
            ),
            (
                set("[]", "{ a = \"\" }"),
                "`tag_set[0].resource_types`",
                "the list is empty",
            ),
            (
                set(r#"["ecr:repository"]"#, "{}"),
                "`tag_set[0].tags`",
                "the table is empty",
            ),
            (
                set(r#"["ecr:repository"]"#, "{ \"aws:x\" = \"\" }"),
                "`tag_set[0].tags.aws:x`",
                "reserves",
            ),
            (
                set(r#"["ecr:repository"]"#, "{ a = \"x;y\" }"),
                "`tag_set[0].tags.a`",
                "value `x;y`",
            ),
            (
                set(r#"["ecr:repository"]"#, "{ owner = \"\" }"),
                "`tag_set[0].tags.owner`",
                "already used by `tags.owner`",
            ),
            (
                format!(
                    "[static_tags]\nWhatIsThis = \"w\"\n{}",
                    set(r#"["ecr:repository"]"#, "{ WhatIsThis = \"\" }")
                ),
                "`tag_set[0].tags.WhatIsThis`",
                "already used by `static_tags.WhatIsThis`",
            ),
            (
                format!(
                    "{}{}",
                    set(r#"["ecr:*"]"#, "{ Tier = \"a\" }"),
                    set(r#"["s3:bucket", "ecr:repository"]"#, "{ Tier = \"b\" }")
                ),
                "`tag_set[1].tags.Tier`",
                "already given to `ecr:repository` by `tag_set[0].tags.Tier`",
            ),
        ] {
            let message = refused(&text);
            assert!(
                message.contains(field) && message.contains(problem),
                "{text}\n{message}"
            );
        }
        let unknown =
            refused("[[tag_set]]\nresource_types = [\"ecr:repository\"]\ntags = {}\nx = 1");
        assert!(unknown.contains("unknown field `x`"), "{unknown}");
    }

    #[test]
    fn one_key_may_hold_different_values_on_different_types() {
        let policy = TagPolicy::from_toml(
            r#"
            [[tag_set]]
            resource_types = ["ecr:repository"]
            tags = { Compliance = "" }
            [[tag_set]]
            resource_types = ["s3:bucket"]
            tags = { Compliance = "pci" }
            "#,
        )
        .unwrap();
        assert_eq!(pairs(policy.type_tags("s3:bucket")), ["Compliance=pci"]);
        assert_eq!(pairs(policy.type_tags("ecr:repository")), ["Compliance="]);
    }

    #[test]
    fn the_limit_counts_the_sets_of_the_fullest_type() {
        let many = |from: usize, to: usize| {
            (from..to)
                .map(|n| format!("k{n} = \"\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // 3 stamps + 47 = 50 fits; the two sets cover different types, so they do not add up.
        let fits = format!(
            "[[tag_set]]\nresource_types = [\"ecr:repository\"]\ntags = {{ {} }}\n\
             [[tag_set]]\nresource_types = [\"s3:bucket\"]\ntags = {{ {} }}\n",
            many(0, 47),
            many(47, 94)
        );
        assert!(TagPolicy::from_toml(&fits).is_ok());
        let over = format!(
            "[static_tags]\nx = \"\"\n[[tag_set]]\nresource_types = [\"ecr:repository\"]\ntags = {{ {} }}\n",
            many(0, 47)
        );
        let message = refused(&over);
        assert!(
            message.contains("`tag_set`")
                && message.contains("51 tags are configured for `ecr:repository`"),
            "{message}"
        );
    }

    #[test]
    fn a_tag_set_key_is_claimed_against_backfill_and_marks() {
        let text = format!("{SEED}[backfill]\ndate_source_key = \"Compliance\"\n");
        assert!(refused(&text).contains("already used by `tag_set[0].tags.Compliance`"));
    }

    #[test]
    fn retag_delta_lists_added_and_changed_fixed_tags_per_type() {
        let old = TagPolicy::from_toml(
            r#"
            [static_tags]
            WhatIsThis = "https://wiki/v1"
            [[tag_set]]
            resource_types = ["ecr:repository"]
            tags = { Confidentiality = "", AutoTag_ManagedBy = "sre" }
            "#,
        )
        .unwrap();
        let new = TagPolicy::from_toml(
            r#"
            [static_tags]
            WhatIsThis = "https://wiki/v1"
            [[tag_set]]
            resource_types = ["ecr:repository"]
            tags = { Confidentiality = "", Compliance = "", AutoTag_ManagedBy = "autotag" }
            [[tag_set]]
            resource_types = ["s3:bucket"]
            tags = { Backup = "daily" }
            "#,
        )
        .unwrap();
        let delta = retag_delta(&old, &new);
        assert_eq!(
            delta.keys().copied().collect::<Vec<_>>(),
            ["ecr:repository", "s3:bucket"]
        );
        let ecr = &delta["ecr:repository"];
        let text: Vec<String> = ecr
            .iter()
            .map(|u| {
                format!(
                    "{}={} (was {:?})",
                    u.key,
                    u.value,
                    u.previous.as_ref().map(TagValue::as_str)
                )
            })
            .collect();
        assert_eq!(
            text,
            [
                "AutoTag_ManagedBy=autotag (was Some(\"sre\"))",
                "Compliance= (was None)"
            ]
        );
        assert_eq!(delta["s3:bucket"][0].key.as_str(), "Backup");
        // No change, no work; the reverse change re-applies the old values and removes nothing.
        assert!(retag_delta(&new, &new).is_empty());
        let back = retag_delta(&new, &old);
        assert_eq!(back.len(), 1);
        assert_eq!(back["ecr:repository"][0].value.as_str(), "sre");
    }

    #[test]
    fn a_new_static_tag_is_due_on_every_type_and_moving_a_key_is_no_change() {
        let old = TagPolicy::from_toml("[static_tags]\nWhatIsThis = \"w\"").unwrap();
        let new =
            TagPolicy::from_toml("[static_tags]\nWhatIsThis = \"w\"\nTeam = \"platform\"").unwrap();
        let delta = retag_delta(&old, &new);
        assert_eq!(delta.len(), services::resource_types().len());
        assert!(
            delta
                .values()
                .all(|u| u.len() == 1 && u[0].key.as_str() == "Team")
        );
        // A static key moved into a tag set with the same value changes nothing for that type.
        let moved = TagPolicy::from_toml(
            "[[tag_set]]\nresource_types = [\"ecr:repository\"]\ntags = { WhatIsThis = \"w\" }",
        )
        .unwrap();
        assert!(!retag_delta(&old, &moved).contains_key("ecr:repository"));
    }
}
