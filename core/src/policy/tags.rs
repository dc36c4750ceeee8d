//! Tag keys, values and sets, made valid for every AWS service by one documented mapping.
//!
//! AWS services differ in which characters they accept in tags; the common denominator is
//! letters, digits, whitespace and `_ . : / = + - @` (see docs/config.md, "Tag values"). autotag
//! writes only that set, so one tag set fits every route:
//!
//! - any other character becomes `_`; whitespace other than a space becomes a space;
//! - values are cut to 256 characters, keys to 128 (characters, not bytes);
//! - keys may not be empty and may not start with `aws:` (any case): those are refused, not mapped;
//! - a set holds at most 50 tags, the per-resource limit.

use std::fmt;

use serde::{Serialize, Serializer, ser::SerializeMap};

/// The most tags AWS allows on one resource.
pub const MAX_TAGS_PER_RESOURCE: usize = 50;
/// The longest tag key, in characters.
pub const MAX_KEY_CHARS: usize = 128;
/// The longest tag value, in characters.
pub const MAX_VALUE_CHARS: usize = 256;

/// Why a tag key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagKeyError {
    /// The key is empty.
    #[error("tag key is empty")]
    Empty,
    /// The key uses the prefix AWS reserves.
    #[error("tag key `{key}` starts with `aws:`, which AWS reserves")]
    Reserved {
        /// The key.
        key: String,
    },
    /// The key is too long or has characters outside the common set.
    #[error(
        "tag key `{key}` is not valid: keys are at most 128 letters, digits, spaces and `_ . : / = + - @`"
    )]
    Invalid {
        /// The key.
        key: String,
    },
}

/// A valid tag key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TagKey(String);

impl TagKey {
    /// Accepts a key exactly as given, or says why not. Used for configured keys, where silently
    /// changing what the security team wrote would surprise them.
    pub fn parse(key: &str) -> Result<Self, TagKeyError> {
        if key.is_empty() {
            return Err(TagKeyError::Empty);
        }
        if key
            .get(..4)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
        {
            return Err(TagKeyError::Reserved {
                key: key.to_owned(),
            });
        }
        if key.chars().count() > MAX_KEY_CHARS || !key.chars().all(allowed) {
            return Err(TagKeyError::Invalid {
                key: key.to_owned(),
            });
        }
        Ok(Self(key.to_owned()))
    }

    /// Maps any text to a valid key (for keys inherited from elsewhere), or refuses reserved and
    /// empty ones.
    pub fn sanitize(key: &str) -> Result<Self, TagKeyError> {
        let mapped = map_chars(key, MAX_KEY_CHARS);
        Self::parse(&mapped)
    }

    /// A key known valid at compile time (autotag's own defaults).
    pub(crate) fn trusted(key: &'static str) -> Self {
        Self(key.to_owned())
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A valid tag value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TagValue(String);

impl TagValue {
    /// Maps any text to a valid value by the module's mapping.
    pub fn sanitize(value: &str) -> Self {
        Self(map_chars(value, MAX_VALUE_CHARS))
    }

    /// Whether `value` is already valid as it stands.
    pub fn is_valid(value: &str) -> bool {
        value.chars().count() <= MAX_VALUE_CHARS && value.chars().all(allowed)
    }

    /// The value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
}

fn map_chars(text: &str, limit: usize) -> String {
    text.chars()
        .take(limit)
        .map(|c| match c {
            c if allowed(c) => c,
            c if c.is_whitespace() => ' ',
            _ => '_',
        })
        .collect()
}

/// An ordered set of tags with unique keys: the first value given for a key wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagSet {
    tags: Vec<(TagKey, TagValue)>,
}

impl TagSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a tag unless the key is present or the set is full; says whether it was added.
    pub fn insert_if_absent(&mut self, key: TagKey, value: TagValue) -> bool {
        if self.tags.len() >= MAX_TAGS_PER_RESOURCE || self.get(&key).is_some() {
            return false;
        }
        self.tags.push((key, value));
        true
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &TagKey) -> Option<&TagValue> {
        self.tags.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The tags in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&TagKey, &TagValue)> {
        self.tags.iter().map(|(k, v)| (k, v))
    }

    /// The number of tags.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// The tags whose keys satisfy `keep`, in order.
    pub fn filtered(&self, mut keep: impl FnMut(&TagKey) -> bool) -> Self {
        Self {
            tags: self.tags.iter().filter(|(k, _)| keep(k)).cloned().collect(),
        }
    }
}

/// Writing the missing tags would take a resource past the 50-tag limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the resource has {existing} tags; adding {missing} would exceed the limit of 50")]
pub struct TagLimitExceeded {
    /// Tags the resource already carries.
    pub existing: usize,
    /// Tags autotag would add.
    pub missing: usize,
}

impl TagSet {
    /// The tags of this set whose keys the resource does not carry yet: autotag never
    /// overwrites a tag, its own stamps included, so a redelivered event writes nothing. (Where
    /// the SCP is attached, nobody but autotag can set the stamp keys in the first place.)
    ///
    /// When they would take the resource past 50 tags, the lowest-precedence tags that are not
    /// `protected` (inherited and static tags, last in the set) are left out until the rest
    /// fit, so inherited tags never push out the stamps. Only when the protected tags alone do
    /// not fit is it an error. Keys starting with `aws:` do not count towards the limit.
    pub fn missing_from<'a>(
        &self,
        existing_keys: impl IntoIterator<Item = &'a str> + Clone,
        protected: impl Fn(&TagKey) -> bool,
    ) -> Result<Self, TagLimitExceeded> {
        let existing = existing_keys
            .clone()
            .into_iter()
            .filter(|key| !is_aws_reserved(key))
            .count();
        let mut missing =
            self.filtered(|key| !existing_keys.clone().into_iter().any(|k| k == key.as_str()));
        let room = MAX_TAGS_PER_RESOURCE.saturating_sub(existing);
        let needed = missing.iter().filter(|(key, _)| protected(key)).count();
        if needed > room {
            return Err(TagLimitExceeded {
                existing,
                missing: missing.len(),
            });
        }
        while missing.len() > room {
            let Some(last) = missing.tags.iter().rposition(|(key, _)| !protected(key)) else {
                break;
            };
            missing.tags.remove(last);
        }
        Ok(missing)
    }
}

/// Whether a key is one of AWS's own (`aws:`), which AWS does not count towards the limit.
fn is_aws_reserved(key: &str) -> bool {
    key.get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
}

impl Serialize for TagSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.tags.len()))?;
        for (key, value) in &self.tags {
            map.serialize_entry(key.as_str(), value.as_str())?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_mapped_not_refused() {
        let value = TagValue::sanitize("Boto3/1.26 (Linux; x86_64)\tpython");
        assert_eq!(value.as_str(), "Boto3/1.26 _Linux_ x86_64_ python");
        assert!(TagValue::is_valid(value.as_str()));
        let long = "é".repeat(300);
        assert_eq!(TagValue::sanitize(&long).as_str().chars().count(), 256);
        assert_eq!(
            TagValue::sanitize("jane@example.com").as_str(),
            "jane@example.com"
        );
    }

    #[test]
    fn configured_keys_are_checked_exactly() {
        assert!(TagKey::parse("owner").is_ok());
        assert!(matches!(
            TagKey::parse("AWS:owner"),
            Err(TagKeyError::Reserved { .. })
        ));
        assert!(matches!(TagKey::parse(""), Err(TagKeyError::Empty)));
        assert!(matches!(
            TagKey::parse("a,b"),
            Err(TagKeyError::Invalid { .. })
        ));
        assert!(TagKey::parse(&"k".repeat(129)).is_err());
        assert_eq!(TagKey::sanitize("team,name").unwrap().as_str(), "team_name");
    }

    #[test]
    fn a_set_keeps_first_values_and_stops_at_fifty() {
        let mut set = TagSet::new();
        let key = |k: &str| TagKey::parse(k).unwrap();
        assert!(set.insert_if_absent(key("owner"), TagValue::sanitize("alice")));
        assert!(!set.insert_if_absent(key("owner"), TagValue::sanitize("bob")));
        assert_eq!(set.get(&key("owner")).unwrap().as_str(), "alice");
        for n in 0..60 {
            set.insert_if_absent(key(&format!("k{n}")), TagValue::sanitize("v"));
        }
        assert_eq!(set.len(), MAX_TAGS_PER_RESOURCE);
        assert_eq!(
            serde_json::to_string(&set.filtered(|k| k.as_str() == "owner")).unwrap(),
            r#"{"owner":"alice"}"#
        );
    }

    #[test]
    fn inherited_tags_never_push_out_the_stamps() {
        let key = |k: &str| TagKey::parse(k).unwrap();
        let mut planned = TagSet::new();
        for k in [
            "owner",
            "dateCreated",
            "createdBy",
            "team",
            "cost",
            "static",
        ] {
            planned.insert_if_absent(key(k), TagValue::sanitize("v"));
        }
        let stamps = ["owner", "dateCreated", "createdBy"];
        let protected = |k: &TagKey| stamps.contains(&k.as_str());
        let names = |set: &TagSet| set.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>();
        let existing: Vec<String> = (0..45).map(|n| format!("user{n}")).collect();
        let keys = || existing.iter().map(String::as_str);
        // 45 + 6 > 50: the two lowest-precedence inherited tags are left out.
        let fitted = planned.missing_from(keys(), protected).unwrap();
        assert_eq!(
            names(&fitted),
            ["owner", "dateCreated", "createdBy", "team", "cost"]
        );
        // AWS's own tags do not count.
        let with_aws: Vec<String> = existing
            .iter()
            .cloned()
            .chain((0..5).map(|n| format!("aws:cloudformation:k{n}")))
            .collect();
        let fitted = planned
            .missing_from(with_aws.iter().map(String::as_str), protected)
            .unwrap();
        assert_eq!(fitted.len(), 5);
        // 47 existing: only the stamps fit; with 48 they do not.
        let crowded: Vec<String> = (0..47).map(|n| format!("user{n}")).collect();
        let fitted = planned
            .missing_from(crowded.iter().map(String::as_str), protected)
            .unwrap();
        assert_eq!(names(&fitted), ["owner", "dateCreated", "createdBy"]);
        let full: Vec<String> = (0..48).map(|n| format!("user{n}")).collect();
        let err = planned
            .missing_from(full.iter().map(String::as_str), protected)
            .unwrap_err();
        assert_eq!(err.existing, 48);
        // Keys already present are never written again.
        let stamped = [
            "owner",
            "dateCreated",
            "createdBy",
            "team",
            "cost",
            "static",
        ];
        assert!(planned.missing_from(stamped, protected).unwrap().is_empty());
    }
}
