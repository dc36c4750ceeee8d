//! Progress of long org-wide commands on standard error: one line redrawn in place on a
//! terminal, or a plain line every few seconds when stderr is a file or a pipe (CI logs).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often a line is written when stderr is not a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(5);
/// How often the line is redrawn on a terminal.
const REDRAW_EVERY: Duration = Duration::from_millis(100);

/// A progress line for one command.
#[derive(Debug)]
pub struct Progress {
    label: &'static str,
    terminal: bool,
    started: Instant,
    last: Mutex<Option<Instant>>,
}

impl Progress {
    /// A progress line headed `label`.
    pub fn new(label: &'static str) -> Self {
        Self {
            label,
            terminal: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: Mutex::new(None),
        }
    }

    /// Shows `status` with how far along the command is (`done`, 0 to 1) and the time left at
    /// this pace; `last` writes it whatever the pace.
    pub fn show(&self, done: f64, status: &str, last: bool) {
        let now = Instant::now();
        let mut previous = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let every = if self.terminal {
            REDRAW_EVERY
        } else {
            PLAIN_EVERY
        };
        if !last && previous.is_some_and(|at| now.duration_since(at) < every) {
            return;
        }
        *previous = Some(now);
        let elapsed = self.started.elapsed();
        let eta = eta(elapsed, done).map_or_else(
            || "ETA --".to_owned(),
            |left| format!("ETA {}", clock(left)),
        );
        let line = format!(
            "{}: {:>5.1}% · {status} · {} elapsed · {eta}",
            self.label,
            (done * 100.0).clamp(0.0, 100.0),
            clock(elapsed)
        );
        let mut err = std::io::stderr().lock();
        // Progress that cannot be written is not worth failing the command for.
        let _ = if self.terminal {
            write!(err, "\r\x1b[2K{line}{}", if last { "\n" } else { "" })
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
    }
}

/// The time left at the pace so far, once there is a pace.
pub fn eta(elapsed: Duration, done: f64) -> Option<Duration> {
    if !(done > 0.0 && done <= 1.0) {
        return None;
    }
    Some(elapsed.mul_f64((1.0 - done) / done))
}

/// `1h02m03s`, `2m03s`, `3s`.
fn clock(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s:02}s"),
        _ => format!("{h}h{m:02}m{s:02}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eta_follows_the_pace_and_waits_for_one() {
        assert_eq!(
            eta(Duration::from_secs(10), 0.25),
            Some(Duration::from_secs(30))
        );
        assert_eq!(eta(Duration::from_secs(10), 1.0), Some(Duration::ZERO));
        assert_eq!(eta(Duration::from_secs(10), 0.0), None);
        assert_eq!(eta(Duration::from_secs(10), f64::NAN), None);
        assert_eq!(clock(Duration::from_secs(3723)), "1h02m03s");
        assert_eq!(clock(Duration::from_secs(62)), "1m02s");
    }
}
