//! Running `yt-dlp`, the maintained tool that knows how YouTube and a thousand other sites hand
//! out captions; scraping them ourselves would break with every site change.
//!
//! Every run writes into a private temporary folder with a fixed output name (`video.%(ext)s`,
//! so yt-dlp writes `video.info.json`, `video.en-orig.json3`, `video.en.vtt`), ignores the
//! user's yt-dlp configuration (an output template or format set there would hide the files),
//! never downloads the media, and gets the URL after `--`, so no URL can be read as an option.
//! A run is bounded in time; its output goes to files, not pipes, so a chatty run cannot block.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::formats::text::sanitize_line;

/// The program run; tests and unusual installs point this at another file.
pub const PROGRAM_VAR: &str = "PODGLOSS_YT_DLP";

/// The output name inside the temporary folder.
pub const OUTPUT_TEMPLATE: &str = "video.%(ext)s";

/// How long one yt-dlp run may take.
const TIME_LIMIT: Duration = Duration::from_secs(300);

/// The caption formats asked for, best first: json3 holds each auto-caption word once with its
/// time; VTT and SRT are what other sites offer.
pub const SUB_FORMATS: &str = "json3/vtt/srt";

pub struct YtDlp {
    program: OsString,
}

impl YtDlp {
    pub fn from_env() -> YtDlp {
        YtDlp {
            program: std::env::var_os(PROGRAM_VAR).unwrap_or_else(|| "yt-dlp".into()),
        }
    }

    /// Writes `video.info.json` for `url` into `dir`.
    pub fn write_info(&self, url: &str, dir: &Path) -> Result<PathBuf, String> {
        self.run(dir, &["--write-info-json"], url)?;
        let path = dir.join("video.info.json");
        if path.is_file() {
            Ok(path)
        } else {
            Err("yt-dlp finished but wrote no video.info.json".to_string())
        }
    }

    /// Writes the caption track `language` (written subtitles, or automatic captions when
    /// `automatic`) into `dir` and returns the file.
    pub fn write_captions(
        &self,
        url: &str,
        dir: &Path,
        language: &str,
        automatic: bool,
    ) -> Result<PathBuf, String> {
        let which = if automatic {
            "--write-auto-subs"
        } else {
            "--write-subs"
        };
        self.run(
            dir,
            &[which, "--sub-langs", language, "--sub-format", SUB_FORMATS],
            url,
        )?;
        caption_file(dir).ok_or_else(|| {
            format!("yt-dlp finished but wrote no {language} captions in json3, VTT or SRT")
        })
    }

    fn run(&self, dir: &Path, extra: &[&str], url: &str) -> Result<(), String> {
        let log = dir.join("yt-dlp.log");
        let log_file =
            std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let log_copy = log_file
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let mut command = Command::new(&self.program);
        command
            .args([
                "--ignore-config",
                "--no-playlist",
                "--skip-download",
                "--no-progress",
            ])
            .args(extra)
            .arg("-P")
            .arg(dir)
            .args(["-o", OUTPUT_TEMPLATE, "--", url])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_copy);
        let mut child = command.spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                not_installed(url)
            } else {
                format!("cannot run yt-dlp: {e}")
            }
        })?;
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > TIME_LIMIT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!(
                        "yt-dlp took longer than {} s; stopped",
                        TIME_LIMIT.as_secs()
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(e) => return Err(format!("waiting for yt-dlp: {e}")),
            }
        };
        if status.success() {
            return Ok(());
        }
        let said = std::fs::read(&log).unwrap_or_default();
        Err(format!(
            "yt-dlp failed ({status}): {}",
            last_error(&String::from_utf8_lossy(&said))
        ))
    }
}

/// The captions file yt-dlp wrote, whatever language suffix it carries.
fn caption_file(dir: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("video.")
                && [".json3", ".vtt", ".srt"]
                    .iter()
                    .any(|ext| name.ends_with(ext))
        })
        .collect();
    // json3 before vtt before srt, the order asked for.
    found.sort_by_key(|path| match path.extension().and_then(|e| e.to_str()) {
        Some("json3") => 0,
        Some("vtt") => 1,
        _ => 2,
    });
    found.into_iter().next()
}

/// The lines of yt-dlp's output that say what went wrong (its `ERROR:` lines), else the last.
fn last_error(output: &str) -> String {
    let errors: Vec<String> = output
        .lines()
        .filter(|line| line.starts_with("ERROR:"))
        .map(sanitize_line)
        .collect();
    let chosen = if errors.is_empty() {
        output
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(sanitize_line)
            .unwrap_or_else(|| "it said nothing".to_string())
    } else {
        errors.join("; ")
    };
    chosen.chars().take(600).collect()
}

/// What to do without yt-dlp: how to install it, and the command to run by hand.
pub fn not_installed(url: &str) -> String {
    format!(
        "yt-dlp is not installed, and podgloss reads video pages through it. Install it \
         (`pipx install yt-dlp`, or your distribution's package: `apt install yt-dlp`, \
         `brew install yt-dlp`) and run the import again; or fetch the captions yourself:\n  \
         yt-dlp --skip-download --write-subs --write-auto-subs --sub-langs 'en,en-orig' \
         --sub-format json3/vtt --write-info-json -- '{}'\nthen `podgloss import` the .json3 \
         or .vtt file it writes",
        sanitize_line(url).replace('\'', "%27")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_yt_dlps_error_lines() {
        let output = "[youtube] x: Downloading webpage\nWARNING: slow\nERROR: [youtube] x: \
                      Video unavailable\n";
        assert_eq!(last_error(output), "ERROR: [youtube] x: Video unavailable");
        assert_eq!(last_error("a\nlast words\n\n"), "last words");
        assert_eq!(last_error(""), "it said nothing");
    }

    #[test]
    fn json3_is_preferred_among_written_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "video.info.json",
            "video.en.vtt",
            "video.en.json3",
            "yt-dlp.log",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let file = caption_file(dir.path()).unwrap();
        assert!(file.ends_with("video.en.json3"), "{}", file.display());
    }

    #[test]
    fn a_missing_program_says_how_to_install_it() {
        let dir = tempfile::tempdir().unwrap();
        let tool = YtDlp {
            program: dir.path().join("no-such-yt-dlp").into_os_string(),
        };
        let err = tool
            .write_info("https://youtu.be/abcdefghijk", dir.path())
            .unwrap_err();
        assert!(err.contains("pipx install yt-dlp"), "{err}");
        assert!(err.contains("-- 'https://youtu.be/abcdefghijk'"), "{err}");
    }
}
