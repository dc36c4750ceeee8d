//! Where the tests find their records: the registry's fixtures and the shared CloudTrail corpus.

#![allow(
    clippy::unwrap_used,
    dead_code,
    reason = "test code shared by several test binaries, each using a part of it"
)]

use std::path::{Path, PathBuf};

/// `core/tests/fixtures/`.
pub(crate) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The shared corpus: `AUTOTAG_CORPUS`, by default `../../shared/corpus` from `core/`.
pub(crate) fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("AUTOTAG_CORPUS")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    assert!(
        dir.is_dir(),
        "the shared corpus is not at {}: set AUTOTAG_CORPUS to its directory",
        dir.display()
    );
    dir
}

/// Every `.json` file below `dir`, sorted, into `out`.
pub(crate) fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}
