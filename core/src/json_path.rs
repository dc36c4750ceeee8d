//! A tiny path language for reading values out of CloudTrail JSON: `a.b[].c`.
//!
//! Registry rows name where a created resource's id sits with these paths, so adding a row is
//! adding data. `[]` walks every element of an array. Keys are matched exactly first and then
//! ignoring ASCII case, because the casing of response keys varies between event versions.

use serde_json::Value;

/// Collects every string found at `path` below `root` (ids are strings; other leaves are
/// skipped).
///
/// A path that leads nowhere yields nothing; it is not an error, since optional fields are
/// routinely absent from real records.
pub fn strings_at<'a>(root: &'a Value, path: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut current = vec![root];
    for segment in path.split('.') {
        let (key, spread) = match segment.strip_suffix("[]") {
            Some(key) => (key, true),
            None => (segment, false),
        };
        let mut next = Vec::new();
        for value in current {
            let child = if key.is_empty() {
                Some(value)
            } else {
                child(value, key)
            };
            match (child, spread) {
                (Some(Value::Array(items)), true) => next.extend(items.iter()),
                // CloudTrail writes a one-element list from an XML response as the element
                // itself (`"item": {...}` where several would be `"item": [...]`).
                (Some(one @ Value::Object(_)), true) => next.push(one),
                // And the converse: a path written for one value meeting a list of one.
                (Some(Value::Array(items)), false) if items.len() == 1 => next.extend(items.iter()),
                (Some(value), false) => next.push(value),
                _ => {}
            }
        }
        current = next;
    }
    for value in current {
        if let Value::String(text) = value {
            found.push(text.as_str());
        }
    }
    found
}

/// The value at a dotted path (no array spreading), if there is one.
pub fn value_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(root, child)
}

/// The first string at a dotted path, if there is one.
pub fn str_at<'a>(root: &'a Value, path: &str) -> Option<&'a str> {
    value_at(root, path).and_then(Value::as_str)
}

fn child<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let object = value.as_object()?;
    object.get(key).or_else(|| {
        object
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(key))
            .map(|(_, value)| value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spreads_arrays_and_ignores_missing_branches() {
        let doc = json!({"set": {"items": [{"id": "i-1"}, {"other": 1}, {"id": "i-2"}]}});
        assert_eq!(strings_at(&doc, "set.items[].id"), vec!["i-1", "i-2"]);
        assert!(strings_at(&doc, "set.nothing[].id").is_empty());
    }

    #[test]
    fn falls_back_to_case_insensitive_keys() {
        let doc = json!({"DBInstanceArn": "arn:aws:rds:us-east-1:1:db:x"});
        assert_eq!(
            str_at(&doc, "dBInstanceArn"),
            Some("arn:aws:rds:us-east-1:1:db:x")
        );
    }

    #[test]
    fn non_string_leaves_are_not_ids() {
        let doc = json!({"a": {"b": 5, "c": null}});
        assert!(strings_at(&doc, "a.b").is_empty());
        assert!(strings_at(&doc, "a.c").is_empty());
    }

    #[test]
    fn a_list_of_one_may_arrive_as_its_element_and_the_converse() {
        let single = json!({"set": {"items": {"id": "i-1"}}});
        assert_eq!(strings_at(&single, "set.items[].id"), vec!["i-1"]);
        let listed = json!({"group": [{"id": "sg-1"}]});
        assert_eq!(strings_at(&listed, "group.id"), vec!["sg-1"]);
        let two = json!({"group": [{"id": "sg-1"}, {"id": "sg-2"}]});
        assert!(
            strings_at(&two, "group.id").is_empty(),
            "only a list of one is one"
        );
    }
}
