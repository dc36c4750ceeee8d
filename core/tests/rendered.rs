//! The committed deployment files are what `autotag render` writes, checked in core-only builds.
//!
//! `autotag render` without a config file renders the default policy (`hub/src/config.rs`
//! `load_policy`), so this renders `TagPolicy::default()`. With `AUTOTAG_BLESS=1` it writes the
//! files, and deletes the `scp/` files render no longer produces, instead of failing.

#![allow(
    clippy::unwrap_used,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use autotag_core::policy::TagPolicy;
use autotag_core::render::{MAX_SCP_CHARS, render_all};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn committed_scps() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("scp"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn the_committed_files_are_what_render_writes() {
    let files = render_all(&TagPolicy::default()).unwrap();
    let bless = std::env::var_os("AUTOTAG_BLESS").is_some();
    let mut stale = Vec::new();
    for file in &files {
        let path = root().join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
        } else {
            stale.push(file.path.clone());
        }
    }
    // A deployment loops over scp/*.json, so a file render no longer writes would still be
    // attached.
    let rendered: BTreeSet<PathBuf> = files.iter().map(|f| root().join(&f.path)).collect();
    for path in committed_scps() {
        if rendered.contains(&path) {
            continue;
        }
        if bless {
            std::fs::remove_file(&path).unwrap();
        } else {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files {stale:?}: run `autotag render`, or \
         `AUTOTAG_BLESS=1 cargo test -p autotag-core --test rendered`"
    );
}

#[test]
fn every_committed_scp_fits_as_written() {
    let paths = committed_scps();
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
