//! The `[[tag_set]]` tags of a plan: which of its resources get which, and what a resource of
//! one type lacks (`core/src/policy/tag_sets.rs` reads the sets).

use std::collections::BTreeSet;

use super::TagPlan;
use crate::policy::TagPolicy;
use crate::tags::{MAX_TAGS_PER_RESOURCE, TagKey, TagSet, TagValue};

impl TagPlan {
    /// Adds the `[[tag_set]]` tags of the plan's resource types after every other tag (the
    /// attached volumes of `RunInstances` count as `ec2:volume`): into `tags` when all resources
    /// get the same ones, else into `type_tags`. Tags past the 50-tag limit are left out and
    /// noted.
    pub(super) fn add_type_tags(&mut self, policy: &TagPolicy) {
        self.type_tags.clear();
        let mut types: BTreeSet<&'static str> = self
            .batches
            .iter()
            .flat_map(|b| b.resources.iter().map(|r| r.resource_type))
            .collect();
        if self.tag_attached_volumes {
            types.insert("ec2:volume");
        }
        let per_type: Vec<(&'static str, Vec<(&TagKey, &TagValue)>)> = types
            .into_iter()
            .map(|t| (t, policy.type_tags(t)))
            .collect();
        let mut left_out = 0_usize;
        let mut add = |set: &mut TagSet, base: &TagSet, key: &TagKey, value: &TagValue| {
            if base.get(key).is_some() || set.get(key).is_some() {
                return;
            }
            if base.len() + set.len() >= MAX_TAGS_PER_RESOURCE {
                left_out += 1;
            } else {
                set.insert_if_absent(key.clone(), value.clone());
            }
        };
        let uniform = per_type.windows(2).all(|pair| match pair {
            [(_, a), (_, b)] => a == b,
            _ => true,
        });
        if uniform {
            if let Some((_, tags)) = per_type.first() {
                let mut extra = TagSet::new();
                for (key, value) in tags {
                    add(&mut extra, &self.tags, key, value);
                }
                for (key, value) in extra.iter() {
                    self.tags.insert_if_absent(key.clone(), value.clone());
                }
            }
        } else {
            for (resource_type, tags) in &per_type {
                let mut extra = TagSet::new();
                for (key, value) in tags {
                    add(&mut extra, &self.tags, key, value);
                }
                if !extra.is_empty() {
                    self.type_tags.insert(resource_type, extra);
                }
            }
        }
        if left_out > 0 {
            self.notes.push(format!(
                "{left_out} tag-set tags left out: a resource holds at most {}",
                MAX_TAGS_PER_RESOURCE
            ));
        }
    }

    /// The planned tags of a resource of `resource_type`: `tags`, then its type's
    /// [`TagPlan::type_tags`].
    pub fn tags_for(&self, resource_type: &str) -> TagSet {
        let mut tags = self.tags.clone();
        if let Some(extra) = self.type_tags.get(resource_type) {
            for (key, value) in extra.iter() {
                tags.insert_if_absent(key.clone(), value.clone());
            }
        }
        tags
    }

    /// [`TagPlan::missing_from`] for a resource of `resource_type`, with its
    /// [`TagPlan::type_tags`].
    pub fn missing_for<'a>(
        &self,
        resource_type: &str,
        existing_keys: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Result<TagSet, crate::tags::TagLimitExceeded> {
        self.missing_of(&self.tags_for(resource_type), existing_keys)
    }
}
