//! What every `autotag` command shares: the output formats, the exit statuses, reading input
//! files (`-` for stdin, `.gz` decompressed) and a quiet end on a closed pipe.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use autotag_core::audit::OutputFormat;

/// Exit status: the command could not do its work (bad input, an AWS error); the message says
/// why.
pub(crate) const FAILED: u8 = 1;
/// Exit status of a usage error (an unknown flag, a missing argument): clap's own.
pub(crate) const USAGE: u8 = 2;
/// Exit status: the command ran, but part of it could not be done (an account or region that
/// could not be listed, an event not tagged, a record not replayed); the output says which.
pub(crate) const INCOMPLETE: u8 = 3;
/// Exit status: the command ran and its answer is "no" (coverage below `--min-coverage`, a
/// failing `doctor` check, generated files out of date).
pub(crate) const VERDICT: u8 = 4;

/// `--output`: how records are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Output {
    /// Aligned columns for people, with a summary.
    Table,
    /// One JSON object per line.
    Json,
    /// RFC 4180 CSV with a header, safe to open in a spreadsheet.
    Csv,
}

impl From<Output> for OutputFormat {
    fn from(format: Output) -> Self {
        match format {
            Output::Table => Self::Table,
            Output::Json => Self::Json,
            Output::Csv => Self::Csv,
        }
    }
}

impl Output {
    /// The name as given on the command line.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }
}

/// The text of an input file: stdin for `-`, decompressed when the name ends in `.gz`
/// (CloudTrail's log files as delivered to S3).
pub(crate) fn read_input(path: &Path) -> anyhow::Result<String> {
    let shown = path.display();
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("cannot read `{shown}`"))?;
    }
    let gzipped = bytes.starts_with(&[0x1f, 0x8b]);
    if gzipped || path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .with_context(|| format!("`{shown}` is not gzip-compressed UTF-8 text"))?;
        return Ok(text);
    }
    String::from_utf8(bytes).with_context(|| format!("`{shown}` is not UTF-8 text"))
}

/// Whether `err` comes from writing to a pipe whose reader has gone (`autotag … | head`):
/// not a failure of the command, so it ends quietly.
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_input_is_read_by_name_or_by_magic() {
        let dir = std::env::temp_dir().join(format!("autotag-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"{\"Records\": []}").unwrap();
        let gz = encoder.finish().unwrap();
        for name in ["log.json.gz", "log.json"] {
            let path = dir.join(name);
            std::fs::write(&path, &gz).unwrap();
            assert_eq!(read_input(&path).unwrap(), "{\"Records\": []}", "{name}");
        }
        let broken = dir.join("broken.gz");
        std::fs::write(&broken, b"plain text").unwrap();
        let err = format!("{:#}", read_input(&broken).unwrap_err());
        assert!(err.contains("is not gzip-compressed"), "{err}");
        let missing = format!("{:#}", read_input(&dir.join("missing")).unwrap_err());
        assert!(missing.starts_with("cannot read `"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_broken_pipe_is_told_apart_from_other_write_errors() {
        let pipe = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            .context("writing a line");
        assert!(is_broken_pipe(&pipe));
        let full = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert!(!is_broken_pipe(&full));
    }
}
