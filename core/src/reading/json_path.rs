//! A tiny path language for reading values out of CloudTrail JSON: `a.b[].c`.
//!
//! Registry rows name where a created resource's id sits with these paths, so adding a row is
//! adding data. `[]` walks every element of an array. Keys are matched exactly first and then
//! ignoring ASCII case, because the casing of response keys varies between event versions.
//!
//! CloudTrail writes many responses from XML, where a list of one is indistinguishable from a
//! single element: EC2 writes `"items": {...}` where two would be `"items": [{...}, {...}]`.
//! So a path tolerates both shapes: `[]` over a value that is not an array walks that value as a
//! list of one, and a key looked up on an array of exactly one element is looked up on that
//! element (a path written for a single object meeting a list of one). An array of several
//! elements met without `[]` yields nothing: which one the path meant is not known.

use serde_json::Value;

/// Collects every string found at `path` below `root` (ids are strings; other leaves are
/// skipped).
///
/// A path that leads nowhere yields nothing; it is not an error, since optional fields are
/// routinely absent from real records.
pub fn strings_at<'a>(root: &'a Value, path: &str) -> Vec<&'a str> {
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
                (None | Some(Value::Null), _) => {}
                (Some(value), _) => next.push(value),
            }
        }
        current = next;
    }
    current
        .into_iter()
        .filter_map(|value| single(value).as_str())
        .collect()
}

/// The value at a dotted path (no array spreading), if there is one.
pub fn value_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(root, child)
}

/// The first string at a dotted path, if there is one.
pub fn str_at<'a>(root: &'a Value, path: &str) -> Option<&'a str> {
    value_at(root, path).map(single).and_then(Value::as_str)
}

/// The element of a list of one, or the value itself.
fn single(value: &Value) -> &Value {
    match value.as_array().map(Vec::as_slice) {
        Some([only]) => only,
        _ => value,
    }
}

fn child<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let object = single(value).as_object()?;
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
        let doc = json!({"a": {"b": 5, "c": null, "d": [5], "e": {"f": "x"}}});
        assert!(strings_at(&doc, "a.b").is_empty());
        assert!(strings_at(&doc, "a.c").is_empty());
        assert!(strings_at(&doc, "a.c[]").is_empty());
        assert!(strings_at(&doc, "a.d[]").is_empty());
        assert!(strings_at(&doc, "a.e").is_empty());
        assert_eq!(str_at(&doc, "a.d"), None);
    }

    #[test]
    fn a_single_object_is_walked_as_a_list_of_one() {
        // EC2's XML-derived responses write a list of one as the element itself.
        let one = json!({"instancesSet": {"items": {"instanceId": "i-1"}}});
        assert_eq!(
            strings_at(&one, "instancesSet.items[].instanceId"),
            vec!["i-1"]
        );
        let strings = json!({"names": "a"});
        assert_eq!(strings_at(&strings, "names[]"), vec!["a"]);
    }

    #[test]
    fn a_list_of_one_is_read_as_its_element_where_one_value_is_expected() {
        let doc = json!({"a": [{"b": {"c": ["x"]}}], "many": [{"c": "1"}, {"c": "2"}]});
        assert_eq!(strings_at(&doc, "a.b.c"), vec!["x"]);
        assert_eq!(str_at(&doc, "a.b.c"), Some("x"));
        assert_eq!(value_at(&doc, "a.b"), Some(&json!({"c": ["x"]})));
        // Several elements where one was expected: which one is not known, so none.
        assert!(strings_at(&doc, "many.c").is_empty());
        assert_eq!(str_at(&doc, "many.c"), None);
        assert_eq!(strings_at(&doc, "many[].c"), vec!["1", "2"]);
    }
}
