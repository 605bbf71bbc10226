//! Handing an episode's source (a URL or an audio file) to another program: a player or the
//! desktop's opener. The value comes from `episode.toml`, which a feed or a shared library may
//! have written, so it is checked before any program sees it: an `http`/`https` URL, or an
//! absolute path to an existing regular file. Neither can start with `-`, so neither can become
//! an option; programs that understand `--` get it before the target as well.

use std::path::Path;
use std::process::Command;

pub mod editor;

/// Programs known to end their options at `--`. `xdg-open` is not one of them: it refuses `--`
/// as an unknown option, so it relies on the target never starting with `-`.
const TAKES_DOUBLE_DASH: &[&str] = &["mpv"];

/// Why a source cannot be opened, for the status line.
pub type Refusal = String;

/// The target as it may be handed to a program: a normalised `http`/`https` URL, or an existing
/// regular file given by its absolute path.
pub fn checked_target(target: &str) -> Result<String, Refusal> {
    if target.contains("://") || looks_like_scheme(target) {
        return checked_url(target);
    }
    let path = Path::new(target);
    if !path.is_absolute() {
        return Err(format!("not an absolute path: {target:?}"));
    }
    let metadata = std::fs::metadata(path).map_err(|e| format!("{target:?}: {e}"))?;
    if !metadata.is_file() {
        return Err(format!("not a regular file: {target:?}"));
    }
    Ok(target.to_string())
}

/// An `http` or `https` URL, normalised (no raw spaces or controls survive the URL parser).
pub fn checked_url(target: &str) -> Result<String, Refusal> {
    let url = reqwest::Url::parse(target.trim()).map_err(|e| format!("{target:?}: {e}"))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url.to_string()),
        scheme => Err(format!(
            "only http and https links are opened, not {scheme}:"
        )),
    }
}

/// `javascript:alert(1)`, `file:/etc/passwd`, `data:...`: a scheme without `//`.
fn looks_like_scheme(target: &str) -> bool {
    match target.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// `program` with its own `options`, then the checked `target` (after `--` where the program
/// understands it); `None` when the target is refused.
pub fn checked_command(program: &str, args: &[String]) -> Option<Command> {
    let (target, options) = args.split_last()?;
    let target = checked_target(target).ok()?;
    let mut command = Command::new(program);
    command.args(options);
    if TAKES_DOUBLE_DASH.contains(&program) {
        command.arg("--");
    }
    command.arg(target);
    Some(command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_and_real_files_are_handed_over() {
        let dir = tempfile::tempdir().unwrap();
        let audio = dir.path().join("episode.mp3");
        std::fs::write(&audio, b"ID3").unwrap();
        let audio = audio.display().to_string();
        assert_eq!(checked_target(&audio).unwrap(), audio);
        assert_eq!(
            checked_target("https://example.com/a b?t=3").unwrap(),
            "https://example.com/a%20b?t=3"
        );
        for refused in [
            "--log-file=/tmp/owned",
            "-v",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<script>",
            "ftp://example.com/x.mp3",
            "http://",
            "relative.mp3",
            "/nonexistent/podgloss/x.mp3",
            "",
        ] {
            assert!(checked_target(refused).is_err(), "{refused:?} was accepted");
        }
        assert!(checked_target(&dir.path().display().to_string()).is_err());
    }

    #[test]
    fn commands_end_options_before_the_target() {
        let command = checked_command(
            "mpv",
            &["--start=12".into(), "https://example.com/a.mp3".into()],
        )
        .unwrap();
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, ["--start=12", "--", "https://example.com/a.mp3"]);
        assert!(
            checked_command("mpv", &["--start=1".into(), "--log-file=/tmp/x".into()]).is_none()
        );
        assert!(checked_command("xdg-open", &["javascript:alert(1)".into()]).is_none());
        let opener = checked_command("xdg-open", &["https://example.com/".into()]).unwrap();
        assert_eq!(
            opener.get_args().collect::<Vec<_>>(),
            ["https://example.com/"]
        );
    }
}
