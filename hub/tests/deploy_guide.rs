//! docs/deploy.md and the other guides can be followed literally: every `autotag` command they
//! show parses with the CLI as built, every file of the repository they name exists, and every
//! `make` target they name is in the Makefile.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The guides an operator follows step by step, one after the other.
const GUIDES: [&str; 4] = [
    "docs/deploy.md",
    "docs/enforce.md",
    "docs/doctor.md",
    "docs/audit.md",
];

fn guide() -> String {
    GUIDES
        .iter()
        .map(|path| std::fs::read_to_string(root().join(path)).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lines of the guide's shell blocks (fenced as `sh`, `bash` or `console`; a synopsis in a
/// plain block is not a command), continuation lines joined, comments and prompts removed.
fn shell_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_block = false;
    let mut in_fence = false;
    let mut pending = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                in_fence = false;
                in_block = false;
            } else {
                in_fence = true;
                in_block = matches!(info.trim(), "sh" | "bash" | "console");
            }
            pending.clear();
            continue;
        }
        if !in_block || trimmed.starts_with('#') {
            continue;
        }
        let content = trimmed.strip_prefix("$ ").unwrap_or(trimmed);
        if let Some(continued) = content.strip_suffix('\\') {
            pending.push_str(continued);
            pending.push(' ');
            continue;
        }
        pending.push_str(content);
        lines.push(std::mem::take(&mut pending));
    }
    lines
}

/// Splits a shell line into words: quotes grouped, `$VAR`, `${VAR}` and `$(...)` standing for
/// one word, and the line cut at a pipe, redirection or `;`.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = line.chars().peekable();
    let mut quote: Option<char> = None;
    let mut depth = 0;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, '$') if chars.peek() == Some(&'(') => {
                depth += 1;
                word.push(c);
            }
            (None, ')') if depth > 0 => {
                depth -= 1;
                word.push(c);
            }
            (None, c) if depth > 0 => word.push(c),
            (None, '|' | '>' | '<' | ';' | '&') => break,
            (None, '#') if word.is_empty() => break,
            (None, c) if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (None, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The `autotag` invocations of a line (also after `./` or a release folder path).
fn autotag_args(line: &str) -> Option<Vec<String>> {
    let words = words(line);
    let start = words
        .iter()
        .position(|w| w == "autotag" || w.ends_with("/autotag"))?;
    // A path to the binary is not a call of it when it is an argument (`chmod +x autotag`).
    if start > 0 && !matches!(words[start - 1].as_str(), "env" | "time" | "exec") {
        let first = &words[0];
        if !first.contains('=') {
            return None;
        }
    }
    Some(
        words[start + 1..]
            .iter()
            // `"${ARRAY[@]}"` expands to as many words as the array holds, maybe none.
            .filter(|w| !(w.starts_with("${") && w.ends_with("[@]}")))
            .map(|w| {
                if w.starts_with('$') {
                    // A shell variable stands for a value the guide told the reader to set.
                    "placeholder".to_owned()
                } else {
                    w.clone()
                }
            })
            .collect(),
    )
}

#[test]
fn every_autotag_command_in_the_guide_parses() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in shell_lines(&guide()) {
        let Some(args) = autotag_args(&line) else {
            continue;
        };
        let output = Command::new(env!("CARGO_BIN_EXE_autotag"))
            .args(&args)
            .arg("--help")
            .output()
            .unwrap();
        checked += 1;
        if !output.status.success() {
            failures.push(format!(
                "`{line}`: {}",
                String::from_utf8_lossy(&output.stderr)
                    .lines()
                    .next()
                    .unwrap_or_default()
            ));
        }
    }
    assert!(checked >= 10, "only {checked} autotag commands found");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The repository's folders whose files the guide may name.
const FOLDERS: [&str; 8] = [
    "stacksets/",
    "spoke-roles/",
    "scp/",
    "sam/",
    "terraform/",
    "docs/",
    "scripts/",
    "core/",
];

/// Paths into the repository the guide names: words beginning with one of [`FOLDERS`].
fn named_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || "`'\"(),;=<>[]|".contains(c)) {
        let token = token.trim_end_matches(['.', ':']);
        let token = token
            .strip_prefix("file://")
            .or_else(|| token.strip_prefix("./"))
            .unwrap_or(token);
        if FOLDERS.iter().any(|f| token.starts_with(f)) && token.len() > 4 {
            paths.push(token.to_owned());
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

/// Whether `pattern` (with `*` standing for any run of characters in one name) names an
/// existing file or folder.
fn exists(pattern: &str) -> bool {
    if !pattern.contains('*') {
        return root().join(pattern).exists();
    }
    let (dir, name) = pattern.rsplit_once('/').unwrap_or((".", pattern));
    let (prefix, suffix) = name.split_once('*').unwrap();
    std::fs::read_dir(root().join(dir)).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(prefix) && n.ends_with(suffix.trim_start_matches('*'))
        })
    })
}

#[test]
fn every_file_the_guide_names_exists() {
    let missing: Vec<String> = named_paths(&guide())
        .into_iter()
        .filter(|p| !exists(p))
        .collect();
    assert!(
        missing.is_empty(),
        "named in a guide but missing: {missing:#?}"
    );
}

#[test]
fn every_make_target_the_guide_names_exists() {
    let makefile = std::fs::read_to_string(root().join("Makefile")).unwrap();
    let mut missing = Vec::new();
    for line in shell_lines(&guide()) {
        let words = words(&line);
        let Some(at) = words.iter().position(|w| w == "make") else {
            continue;
        };
        for target in words[at + 1..].iter().take_while(|w| !w.contains('=')) {
            if !makefile
                .lines()
                .any(|l| l.starts_with(&format!("{target}:")))
            {
                missing.push(target.clone());
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn the_checks_catch_what_they_look_for() {
    assert_eq!(
        words("autotag audit --output json \"$X\" # note"),
        ["autotag", "audit", "--output", "json", "$X"]
    );
    assert_eq!(
        autotag_args("KEY=$(sha256sum x | cut -c1-64) ./dist/autotag config push -").unwrap(),
        ["config", "push", "-"]
    );
    assert_eq!(autotag_args("chmod +x dist/autotag"), None);
    assert_eq!(
        named_paths("deploy `stacksets/hub.yaml` and scp/protect-tags-*.json."),
        ["scp/protect-tags-*.json", "stacksets/hub.yaml"]
    );
    assert!(exists("scp/protect-tags-*.json"));
    assert!(!exists("scp/protect-tags.json"));
    assert_eq!(
        shell_lines("text\n```sh\n# c\n$ autotag plan \\\n  x.json\n```\n"),
        ["autotag plan  x.json"]
    );
    assert!(shell_lines("```\nautotag hub [--x]\n```\n```toml\na = 1\n```\n").is_empty());
}

#[test]
fn the_guide_describes_exactly_the_scps_statements() {
    let mut rendered = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(root().join("scp")).unwrap().flatten() {
        let document: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
        for statement in document["Statement"].as_array().unwrap() {
            rendered.insert(statement["Sid"].as_str().unwrap().to_owned());
        }
    }
    let text = guide();
    let section = text
        .split("## 7. The SCPs")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    // The statements are described as a list whose items begin with their name.
    let described: std::collections::BTreeSet<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("- `Deny"))
        .filter_map(|l| l.split('`').next())
        .map(|name| format!("Deny{name}"))
        .collect();
    assert_eq!(described, rendered);
}
