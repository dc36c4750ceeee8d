//! The committed generated files (`spoke-roles/`, `stacksets/`, `scp/`, `sam/`,
//! `terraform/autotag/`, `docs/coverage.md`, and the webhook's `webhook/`) are
//! exactly what `render_all` and `webhook::files` make of the policy `autotag render` loads by
//! default, so they can
//! be checked, and regenerated, without building the hub.
//!
//! To regenerate them after an intended change, run with `AUTOTAG_BLESS=1` and review the diff.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use autotag_core::policy::TagPolicy;
use autotag_core::render::{MAX_SCP_CHARS, RenderedFile, render_all};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// What `autotag render` writes when neither `--config` nor `AUTOTAG_CONFIG` names a policy
/// (`hub/src/config.rs` `load_policy`): the built-in default.
fn rendered() -> Vec<RenderedFile> {
    let policy = TagPolicy::default();
    let mut files = render_all(&policy).unwrap();
    files.extend(autotag_core::render::webhook::files(&policy));
    files
}

/// The generated directories hold nothing but generated files, so a file a renderer no longer
/// makes (an SCP after repacking, say) is noticed instead of lingering. A directory's
/// subdirectories are listed on their own.
const GENERATED_DIRS: &[&str] = &[
    "spoke-roles",
    "stacksets",
    "scp",
    "sam",
    "webhook",
    "terraform/autotag",
    "terraform/autotag/templates",
    "terraform/autotag/scp",
];

/// The files of a generated directory (not its subdirectories).
fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect()
}

#[test]
fn the_committed_generated_files_are_what_render_makes() {
    let root = repo_root();
    let files = rendered();
    if std::env::var_os("AUTOTAG_BLESS").is_some() {
        for dir in GENERATED_DIRS {
            if root.join(dir).is_dir() {
                for path in files_in(&root.join(dir)) {
                    std::fs::remove_file(path).unwrap();
                }
            }
        }
        for file in &files {
            let path = root.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &file.contents).unwrap();
        }
    }
    let mut stale = Vec::new();
    for file in &files {
        let committed = std::fs::read_to_string(root.join(&file.path)).ok();
        if committed.as_deref() != Some(file.contents.as_str()) {
            stale.push(file.path.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run with AUTOTAG_BLESS=1): {stale:?}"
    );
    let made: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for dir in GENERATED_DIRS {
        for path in files_in(&root.join(dir)) {
            let relative = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(
                made.contains(relative.as_str()),
                "`{relative}` is not generated any more (run with AUTOTAG_BLESS=1)"
            );
        }
    }
}

#[test]
fn render_makes_every_generated_directory() {
    // The check above walks these directories; a renderer writing elsewhere would escape it.
    let files = rendered();
    for file in &files {
        let dir = file.path.rsplit_once('/').unwrap().0;
        assert!(
            GENERATED_DIRS.contains(&dir) || file.path == "docs/coverage.md",
            "`{}` is outside the generated directories",
            file.path
        );
    }
    for dir in GENERATED_DIRS {
        assert!(
            files.iter().any(|f| f.path.starts_with(&format!("{dir}/"))),
            "nothing rendered under `{dir}/`"
        );
    }
}

#[test]
fn every_committed_scp_fits_as_written() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo_root().join("scp"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        // Bytes, not characters: never fewer, so a file within the limit in bytes is within it.
        let size = std::fs::read(&path).unwrap().len();
        assert!(
            size <= MAX_SCP_CHARS,
            "{} is {size} bytes, over {MAX_SCP_CHARS}",
            path.display()
        );
    }
}
