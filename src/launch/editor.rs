//! Starting the user's editor on a file, at a line when the editor says how: `$EDITOR`, else
//! `$VISUAL` (a value may carry arguments: `code --wait`), else a message saying what to set.
//!
//! Editors disagree on how to be told a line. The terminal editors of the vi and Emacs families,
//! nano, Helix, Kakoune and micro read `+LINE` before the file; VS Code and its forks need
//! `-g FILE:LINE`; Sublime Text and Zed read `FILE:LINE`. An editor not known here gets the file
//! alone: a guessed `+12` would open a second, empty file named `+12` in an editor that does not
//! understand it. The file is always an absolute path, so it can never read as an option; the
//! editors whose option parser ends at `--` get it before the file as well (micro's does not: Go's
//! flag parser stops at `+LINE`, and would then open a file named `--`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How an editor is told the line to open at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineStyle {
    /// `+LINE FILE`, and `--` before the file when `ends_options`.
    Plus { ends_options: bool },
    /// `-g FILE:LINE` (VS Code and its forks).
    Goto,
    /// `FILE:LINE`.
    Suffix,
    /// The file only.
    Unknown,
}

fn line_style(program: &str) -> LineStyle {
    let name = Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".exe").unwrap_or(&name);
    match name {
        "vi" | "vim" | "nvim" | "gvim" | "view" | "vim.basic" | "vim.tiny" | "nano" | "rnano"
        | "pico" => LineStyle::Plus { ends_options: true },
        "emacs" | "emacsclient" | "helix" | "hx" | "kak" | "micro" | "mg" | "jed" | "joe"
        | "ne" => LineStyle::Plus {
            ends_options: false,
        },
        "code" | "code-insiders" | "codium" | "vscodium" | "cursor" => LineStyle::Goto,
        "subl" | "sublime_text" | "zed" | "zeditor" => LineStyle::Suffix,
        _ => LineStyle::Unknown,
    }
}

/// The editor the user chose: `$EDITOR`, else `$VISUAL`, split into program and arguments.
pub fn chosen_editor(
    editor: Option<OsString>,
    visual: Option<OsString>,
) -> Result<Vec<String>, String> {
    let set = |value: Option<OsString>| {
        value
            .map(|v| v.to_string_lossy().into_owned())
            .filter(|v| !v.trim().is_empty())
    };
    let value = set(editor).or_else(|| set(visual)).ok_or_else(|| {
        "no editor set: set $EDITOR (for example `export EDITOR=nano`) and try again".to_string()
    })?;
    Ok(value.split_whitespace().map(str::to_string).collect())
}

/// The arguments that open `file` at `line` (from 1) in `editor` (program and its own
/// arguments); also whether the line could be passed.
pub fn editor_args(editor: &[String], file: &Path, line: Option<usize>) -> (Vec<OsString>, bool) {
    let (program, own) = match editor.split_first() {
        Some((program, own)) => (program.as_str(), own),
        None => ("", &[][..]),
    };
    let mut args: Vec<OsString> = own.iter().map(OsString::from).collect();
    let style = line_style(program);
    let at_line = |suffix: usize| {
        let mut target = file.as_os_str().to_owned();
        target.push(format!(":{suffix}"));
        target
    };
    match (style, line) {
        (LineStyle::Plus { ends_options }, Some(line)) => {
            args.push(format!("+{line}").into());
            if ends_options {
                args.push("--".into());
            }
            args.push(file.into());
        }
        (LineStyle::Plus { ends_options: true }, None) => {
            args.push("--".into());
            args.push(file.into());
        }
        (LineStyle::Goto, Some(line)) => {
            args.push("-g".into());
            args.push(at_line(line));
        }
        (LineStyle::Suffix, Some(line)) => args.push(at_line(line)),
        _ => args.push(file.into()),
    }
    let passed = line.is_some() && style != LineStyle::Unknown;
    (args, passed)
}

/// The command that opens `file` at `line` in the user's editor, and whether the line is in it.
/// `file` is made absolute first, so that it cannot be taken for an option.
pub fn editor_command(file: &Path, line: Option<usize>) -> Result<(Command, bool), String> {
    let editor = chosen_editor(std::env::var_os("EDITOR"), std::env::var_os("VISUAL"))?;
    let file: PathBuf = std::path::absolute(file).map_err(|e| format!("{file:?}: {e}"))?;
    let (args, passed) = editor_args(&editor, &file, line);
    let mut command = Command::new(&editor[0]);
    command.args(args);
    Ok((command, passed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(editor: &str, line: Option<usize>) -> Vec<String> {
        let editor: Vec<String> = editor.split_whitespace().map(str::to_string).collect();
        editor_args(&editor, Path::new("/lib/ep/notes.md"), line)
            .0
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn each_editor_is_told_the_line_its_own_way() {
        let cases: &[(&str, &[&str])] = &[
            ("vi", &["+12", "--", "/lib/ep/notes.md"]),
            ("vim", &["+12", "--", "/lib/ep/notes.md"]),
            ("/usr/bin/nvim", &["+12", "--", "/lib/ep/notes.md"]),
            ("nano", &["+12", "--", "/lib/ep/notes.md"]),
            ("emacs -nw", &["-nw", "+12", "/lib/ep/notes.md"]),
            ("helix", &["+12", "/lib/ep/notes.md"]),
            ("hx", &["+12", "/lib/ep/notes.md"]),
            ("kak", &["+12", "/lib/ep/notes.md"]),
            ("micro", &["+12", "/lib/ep/notes.md"]),
            ("code --wait", &["--wait", "-g", "/lib/ep/notes.md:12"]),
            ("codium", &["-g", "/lib/ep/notes.md:12"]),
            ("subl -w", &["-w", "/lib/ep/notes.md:12"]),
            ("zed", &["/lib/ep/notes.md:12"]),
            ("my-editor", &["/lib/ep/notes.md"]),
        ];
        for (editor, want) in cases {
            assert_eq!(args(editor, Some(12)), *want, "{editor}");
        }
    }

    #[test]
    fn without_a_line_the_file_alone_and_only_known_editors_claim_the_line() {
        assert_eq!(args("vim", None), ["--", "/lib/ep/notes.md"]);
        assert_eq!(args("code --wait", None), ["--wait", "/lib/ep/notes.md"]);
        let editor = vec!["my-editor".to_string()];
        assert!(!editor_args(&editor, Path::new("/x"), Some(3)).1);
        let editor = vec!["nvim".to_string()];
        assert!(editor_args(&editor, Path::new("/x"), Some(3)).1);
        assert!(!editor_args(&editor, Path::new("/x"), None).1);
    }

    #[test]
    fn editor_comes_before_visual_and_neither_is_a_message() {
        let os = |s: &str| Some(OsString::from(s));
        assert_eq!(chosen_editor(os("nano"), os("vim")).unwrap(), ["nano"]);
        assert_eq!(chosen_editor(None, os("vim")).unwrap(), ["vim"]);
        assert_eq!(chosen_editor(os("  "), os("vim")).unwrap(), ["vim"]);
        assert_eq!(
            chosen_editor(os("code --wait"), None).unwrap(),
            ["code", "--wait"]
        );
        let err = chosen_editor(None, None).unwrap_err();
        assert!(err.contains("$EDITOR"), "{err}");
    }
}
