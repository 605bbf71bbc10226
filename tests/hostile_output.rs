//! Text from files, feeds and the command line is shown, never obeyed: the same hostile strings
//! (OSC 52 clipboard writes, CSI screen clears, BEL, the C1 CSI U+009B, bidi overrides) are put
//! into every place a library can hold text, and every command's output is checked, through a
//! pipe and under a pseudo-terminal (where colour is on), for anything a terminal would execute.

mod common;

use std::process::Output;

use common::TestLibrary;

/// OSC 52 (sets the clipboard), CSI 2J (clears the screen), BEL, C1 CSI, RLO, a colour.
const HOSTILE: &str = "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{7}\u{9b}2J\u{202e}\u{1b}[31m";

/// The same, as YAML double-quoted escapes (`\e` is ESC, `\a` BEL).
const HOSTILE_YAML: &str = r"\e]52;c;cHduZWQ=\a\e[2J\a\x9b2J\u202e\e[31m";

/// The same, as TOML basic-string escapes.
const HOSTILE_TOML: &str = r"\u001b]52;c;cHduZWQ=\u0007\u001b[2J\u0007\u009b2J\u202e\u001b[31m";

fn hostile_library() -> TestLibrary {
    let lib = TestLibrary::new();
    let cue = format!("<v Mallory{HOSTILE}>flurbo {HOSTILE} residual stream");
    let vtt = format!(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n{cue}\n\n00:00:05.000 --> 00:00:09.000\n\
         Why does flurbo matter{HOSTILE}?\n"
    );
    // A bare transcript whose file name carries the escapes.
    std::fs::write(lib.transcripts().join(format!("bare{HOSTILE}.vtt")), &vtt).unwrap();
    let folder = lib.transcripts().join("evil");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("transcript.vtt"), &vtt).unwrap();
    std::fs::write(
        folder.join("episode.toml"),
        format!(
            "title = \"Evil {HOSTILE_TOML} title\"\nshow = \"Show {HOSTILE_TOML}\"\n\n\
             [speakers]\nMallory = \"Mal {HOSTILE_TOML}\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        folder.join("notes.md"),
        format!(
            "- [0:02] flurbo note {HOSTILE} here\n- What is a zorkmid{HOSTILE}?\n\
             - Why is [[flurbo]] so {HOSTILE} odd?\n"
        ),
    )
    .unwrap();
    std::fs::write(
        lib.root().join("glossary/flurbo.md"),
        format!(
            "---\naliases: [\"flurbos{HOSTILE_YAML}\"]\nrelated: [\"x{HOSTILE_YAML}\"]\n---\n\
             # Flurbo{HOSTILE}\n\nA flurbo {HOSTILE} is money.\n\n```\ncode {HOSTILE}\n```\n"
        ),
    )
    .unwrap();
    // A glossary file that does not parse: its error message quotes the file.
    std::fs::write(
        lib.root().join(format!("glossary/broken{HOSTILE}.md")),
        "---\naliases: [unclosed\n---\n# Broken\n",
    )
    .unwrap();
    lib
}

/// Every command that prints something from the library or echoes its input.
fn commands(lib: &TestLibrary) -> Vec<Vec<String>> {
    let source = lib.source(
        &format!("import{HOSTILE}.srt"),
        b"1\n00:00:01,000 --> 00:00:02,000\nhello\n",
    );
    let words = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let listed = lib.cmd().args(["list", "--json"]).output().unwrap();
    let bare = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|row| row["slug"].as_str().map(str::to_string))
        .find(|slug| slug.starts_with("bare"))
        .expect("the bare transcript is listed");
    let mut commands = vec![
        words(&["list"]),
        words(&["list", "--json"]),
        words(&["show", "evil"]),
        vec!["show".to_string(), bare],
        words(&["search", "flurbo"]),
        words(&["search", "flurbo", "--json"]),
        words(&["notes"]),
        words(&["notes", "evil"]),
        words(&["notes", "--json"]),
        words(&["glossary"]),
        words(&["glossary", "list", "--json"]),
        words(&["glossary", "show", "flurbo"]),
        words(&["glossary", "show", "flurbo", "--json"]),
        words(&["glossary", "wanted"]),
        words(&["glossary", "wanted", "--json"]),
        words(&["glossary", "mentions", "flurbo"]),
        words(&["glossary", "mentions", "flurbo", "--json"]),
        words(&["index"]),
    ];
    let echoes: Vec<Vec<String>> = vec![
        vec!["show".into(), format!("no{HOSTILE}")],
        vec![
            "show".into(),
            "evil".into(),
            "--from".into(),
            HOSTILE.into(),
        ],
        vec!["open".into(), "evil".into(), "--at".into(), HOSTILE.into()],
        vec!["search".into(), format!("\"{HOSTILE}")],
        vec!["glossary".into(), "show".into(), format!("none{HOSTILE}")],
        vec!["import".into(), format!("/nonexistent/{HOSTILE}.vtt")],
        vec![
            "import".into(),
            "--slug".into(),
            format!("Bad{HOSTILE}"),
            "x.vtt".into(),
        ],
        vec![
            "import".into(),
            source.display().to_string(),
            "--title".into(),
            format!("Titled {HOSTILE}"),
        ],
        vec![format!("--bogus{HOSTILE}")],
        vec![
            "define".into(),
            format!("Term{HOSTILE}"),
            "--definition".into(),
            HOSTILE.into(),
        ],
    ];
    commands.extend(echoes);
    commands
}

/// Characters a terminal may act on: C0 controls but newline and tab, DEL, C1, bidi controls.
fn dangerous(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn check_piped(args: &[String], output: &Output) -> usize {
    assert_ne!(output.status.code(), Some(101), "{args:?} panicked");
    let mut leaks = 0;
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text.chars().filter(|&c| dangerous(c)).collect();
        if !bad.is_empty() {
            eprintln!("{args:?} {stream} leaked {bad:?}: {text:?}");
            leaks += 1;
        }
        if args.iter().any(|a| a == "--json") && stream == "stdout" {
            for line in text.lines() {
                let parsed: Result<serde_json::Value, _> = serde_json::from_str(line);
                assert!(parsed.is_ok(), "{args:?}: not JSON: {line:?}");
            }
        }
    }
    leaks
}

#[test]
fn no_command_prints_an_escape_to_a_pipe() {
    let lib = hostile_library();
    let mut leaks = 0;
    let mut ran = 0;
    for args in commands(&lib) {
        let output = lib.cmd().args(&args).output().unwrap();
        leaks += check_piped(&args, &output);
        ran += 1;
    }
    assert_eq!(ran, 28, "every command ran");
    assert_eq!(leaks, 0, "escapes leaked (see above)");
    // The escaped content is still there in JSON, escaped, not dropped.
    let json = lib.cmd().args(["notes", "--json"]).output().unwrap();
    let text = String::from_utf8(json.stdout).unwrap();
    assert!(
        text.contains(r"\u009b") && text.contains(r"\u202e"),
        "{text}"
    );
}

/// Runs `podgloss ARGS` under a pseudo-terminal with `script`; the output as the terminal got it.
fn under_pty(lib: &TestLibrary, args: &[String]) -> Option<String> {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let binary = assert_cmd::cargo::cargo_bin!("podgloss");
    let mut line = format!(
        "{} --library {}",
        quote(&binary.display().to_string()),
        quote(&lib.root().display().to_string())
    );
    for arg in args {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    // Standard input is not a terminal for `script` here, which is fine: only output matters.
    let output = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("HOME", lib.root().join("home"))
        .env_remove("NO_COLOR")
        .env_remove("PODGLOSS_LIBRARY")
        .current_dir(lib.root())
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// podgloss's own styles, which a terminal only draws.
fn strip_own_styles(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n");
    for code in ["0", "1", "2", "36"] {
        text = text.replace(&format!("\u{1b}[{code}m"), "");
    }
    text
}

#[test]
fn no_command_prints_an_escape_to_a_terminal() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` is needed under CI"
        );
        eprintln!("skipping: `script` (util-linux) is not installed");
        return;
    }
    let lib = hostile_library();
    let mut leaks = 0;
    let mut styled = 0;
    let all = commands(&lib);
    for args in &all {
        let raw = under_pty(&lib, args).expect("script runs");
        styled += usize::from(raw.contains("\u{1b}[1m"));
        let shown = strip_own_styles(&raw);
        let bad: Vec<char> = shown.chars().filter(|&c| dangerous(c)).collect();
        if !bad.is_empty() {
            eprintln!("{args:?} leaked {bad:?} to the terminal: {shown:?}");
            leaks += 1;
        }
    }
    assert_eq!(leaks, 0, "escapes leaked to the terminal (see above)");
    assert!(
        styled > 5,
        "colour is on under a terminal, so styles were kept: {styled}"
    );
}
