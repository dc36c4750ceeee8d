//! Which change of the policy parameter a retag triggered by the hub applies: from the version
//! the last complete retag brought the estate to (the watermark the hub keeps in its ledger) to
//! the parameter's latest version, both read from Parameter Store, never from the event.
//!
//! The watermark is what makes quick successive changes safe: with versions 2 and 3 put before
//! the first run, the run the first event starts goes from the watermark (1) to 3, and the
//! second event finds the estate already at 3. Without a watermark (the first change after the
//! hub was deployed) or when the watermarked version has left the parameter's history (it keeps
//! the last 100), the version before the latest is the best guess, and the choice says why.

/// Why the run does not start from the watermark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// No complete retag has been recorded yet.
    NoWatermark,
    /// The watermarked version is not in the parameter's history: trimmed from it (more than
    /// 100 versions since), or the parameter was deleted and created again.
    NotInHistory {
        /// The watermarked version.
        watermark: u64,
    },
}

impl std::fmt::Display for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoWatermark => f.write_str("no complete retag is recorded yet"),
            Self::NotInHistory { watermark } => write!(
                f,
                "the recorded version `{watermark}` is no longer in the parameter's history"
            ),
        }
    }
}

/// What a change notice leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionChoice {
    /// Retag the estate from version `old` to version `new`.
    Retag {
        /// The version the estate is at.
        old: u64,
        /// The parameter's latest version.
        new: u64,
        /// Why `old` is not the watermark, when it is not.
        fallback: Option<Fallback>,
    },
    /// The estate is already at the latest version: an earlier run applied this change.
    Current {
        /// The latest version.
        version: u64,
    },
    /// The parameter has one version and no watermark: there is no change to apply. The first
    /// policy reaches resources by stamping (new ones) and `autotag backfill` (older ones),
    /// not by retag; the version is the baseline later changes are compared with.
    First {
        /// The only version.
        version: u64,
    },
    /// The parameter has no version (deleted since the event was sent).
    Empty,
}

/// The versions to retag between, given the versions in the parameter's history (any order)
/// and the watermark.
pub fn choose(history: &[u64], watermark: Option<u64>) -> VersionChoice {
    let Some(&new) = history.iter().max() else {
        return VersionChoice::Empty;
    };
    let fallback = match watermark {
        Some(old) if old == new => return VersionChoice::Current { version: new },
        Some(old) if old < new && history.contains(&old) => {
            return VersionChoice::Retag {
                old,
                new,
                fallback: None,
            };
        }
        Some(watermark) => Fallback::NotInHistory { watermark },
        None => Fallback::NoWatermark,
    };
    match history.iter().copied().filter(|&v| v < new).max() {
        Some(old) => VersionChoice::Retag {
            old,
            new,
            fallback: Some(fallback),
        },
        // No watermark, or one past the only version (the parameter made again from version
        // 1): nothing before it to compare with.
        None => VersionChoice::First { version: new },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_goes_from_the_watermark_to_the_latest_version() {
        assert_eq!(
            choose(&[1, 2], Some(1)),
            VersionChoice::Retag {
                old: 1,
                new: 2,
                fallback: None
            }
        );
        // Two changes before the first run: one run covers both, the next finds nothing.
        assert_eq!(
            choose(&[3, 1, 2], Some(1)),
            VersionChoice::Retag {
                old: 1,
                new: 3,
                fallback: None
            }
        );
        assert_eq!(
            choose(&[1, 2, 3], Some(3)),
            VersionChoice::Current { version: 3 }
        );
    }

    #[test]
    fn without_a_usable_watermark_the_version_before_the_latest_is_taken_and_why_is_said() {
        assert_eq!(
            choose(&[1, 2, 3], None),
            VersionChoice::Retag {
                old: 2,
                new: 3,
                fallback: Some(Fallback::NoWatermark)
            }
        );
        // Trimmed from the history (it keeps the last 100 versions).
        let history: Vec<u64> = (101..=200).collect();
        assert_eq!(
            choose(&history, Some(7)),
            VersionChoice::Retag {
                old: 199,
                new: 200,
                fallback: Some(Fallback::NotInHistory { watermark: 7 })
            }
        );
        // The parameter deleted and made again: its versions start from 1 again.
        assert_eq!(
            choose(&[1, 2], Some(9)),
            VersionChoice::Retag {
                old: 1,
                new: 2,
                fallback: Some(Fallback::NotInHistory { watermark: 9 })
            }
        );
        // Gaps are read as they are: the version before is the one the history holds.
        assert_eq!(
            choose(&[4, 9], None),
            VersionChoice::Retag {
                old: 4,
                new: 9,
                fallback: Some(Fallback::NoWatermark)
            }
        );
    }

    #[test]
    fn a_first_version_or_an_empty_history_has_nothing_to_apply() {
        assert_eq!(choose(&[1], None), VersionChoice::First { version: 1 });
        assert_eq!(choose(&[1], Some(4)), VersionChoice::First { version: 1 });
        assert_eq!(choose(&[], Some(4)), VersionChoice::Empty);
        assert_eq!(choose(&[], None), VersionChoice::Empty);
    }
}
