//! The web-platform-tests WebVTT parsing suites, run against `podgloss::formats::vtt`.
//!
//! - file-parsing: every case of `file-parsing/expected.json` (a data transcription of the
//!   upstream `.test` assertions, see the folder's HARNESS.md) plus any `.vtt` it does not list:
//!   cue count, ids, raw text, start/end in integer ms, cue settings, STYLE blocks and their rule
//!   selectors, and files that must be rejected.
//! - cue-text-parsing: every `dat/*.dat` case, through a one-cue file as upstream does, comparing
//!   the parts a transcript uses: the text content, the `<v>` voices (`title=` attributes) and
//!   the timestamps. The element tree itself is not compared.
//!
//! The suites live outside the repository (`../shared`); the test skips when they are absent.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use podgloss::formats::vtt::{self, Cue, Document, cue_text::Token};
use serde_json::Value;

const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/formats/wpt-webvtt");

fn suite_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(SUITE);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {SUITE} absent");
        None
    }
}

/// Cases of the stored suite revision that contradict the spec, with the reason. They are
/// reported as XFAIL; one that starts passing (a refreshed suite) fails the run so that it is
/// taken off this list.
const KNOWN_STALE: &[(&str, &str)] = &[(
    "newlines",
    "this revision of newlines.test has no blank lines between its cues, so per the spec (and \
     upstream's own tools/parser.py) `lf`, `crlf` and `lfcr` are cue text, not ids; upstream \
     fixed the test in web-platform-tests/wpt 414e670",
)];

/// Prints one line per case and the total, then fails listing the failures.
fn report(suite: &str, results: &[(String, Result<(), String>)]) {
    let mut failures = Vec::new();
    let mut expected_failures = 0;
    for (name, result) in results {
        let stale = KNOWN_STALE.iter().find(|(case, _)| case == name);
        match (result, stale) {
            (Ok(()), None) => println!("pass {name}"),
            (Err(why), Some((_, reason))) => {
                expected_failures += 1;
                println!("XFAIL {name}: {why} ({reason})");
            }
            (Err(why), None) => {
                println!("FAIL {name}: {why}");
                failures.push(format!("{name}: {why}"));
            }
            (Ok(()), Some(_)) => {
                println!("XPASS {name}: passes now; remove it from KNOWN_STALE");
                failures.push(format!("{name}: unexpectedly passes"));
            }
        }
    }
    let passed = results.len() - failures.len() - expected_failures;
    println!(
        "WPT {suite}: {passed}/{} passed{}",
        results.len(),
        if expected_failures > 0 {
            format!(", {expected_failures} known stale (see KNOWN_STALE)")
        } else {
            String::new()
        }
    );
    assert!(
        failures.is_empty(),
        "WPT {suite} failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn wpt_file_parsing() {
    let Some(dir) = suite_dir() else { return };
    let dir = dir.join("file-parsing");
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(dir.join("expected.json")).expect("expected.json readable"),
    )
    .expect("expected.json is JSON");
    let tests = expected["tests"].as_object().expect("a `tests` object");

    let mut results = Vec::new();
    let mut covered = BTreeSet::new();
    for (name, case) in tests {
        let input = case["input"].as_str().unwrap_or_default();
        covered.insert(input.to_string());
        results.push((name.clone(), run_file_case(&dir.join(input), case)));
    }
    // Files the expectations do not list still have to load (or be rejected, in vtt-error/).
    for (folder, must_fail) in [("vtt", false), ("vtt-error", true)] {
        for path in vtt_files(&dir.join(folder)) {
            let relative = format!("{folder}/{}", file_name(&path));
            if covered.contains(&relative) {
                continue;
            }
            let case = serde_json::json!({ "error": must_fail });
            results.push((relative, run_file_case(&path, &case)));
        }
    }
    report("file-parsing", &results);
}

fn vtt_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "vtt"));
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn run_file_case(path: &Path, case: &Value) -> Result<(), String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let input = String::from_utf8(bytes).map_err(|_| "input is not UTF-8".to_string())?;
    let parsed = vtt::parse_document(&input);
    if case["error"].as_bool() == Some(true) {
        return match parsed {
            Err(_) => Ok(()),
            Ok(document) => Err(format!(
                "accepted a file that must be rejected ({} cues)",
                document.cues.len()
            )),
        };
    }
    let document = parsed.map_err(|e| format!("rejected: {e}"))?;
    check_document(&document, case)
}

fn check_document(document: &Document, case: &Value) -> Result<(), String> {
    if let Some(count) = case["cue_count"].as_u64() {
        expect_eq("cue count", document.cues.len() as u64, count)?;
    }
    if let Some(count) = case["stylesheet_count"].as_u64() {
        expect_eq("stylesheet count", document.stylesheets.len() as u64, count)?;
    }
    if let Some(selectors) = case["css_rule_selectors"].as_array() {
        let want: Vec<&str> = selectors.iter().filter_map(Value::as_str).collect();
        let got = document
            .stylesheets
            .first()
            .map(|css| css_rule_selectors(css))
            .unwrap_or_default();
        expect_eq("CSS rule selectors", got.join(" | "), want.join(" | "))?;
    }
    for expected in case["cues"].as_array().into_iter().flatten() {
        let index = expected["index"].as_u64().unwrap_or(0) as usize;
        let cue = document
            .cues
            .get(index)
            .ok_or_else(|| format!("no cue #{index}"))?;
        check_cue(cue, expected).map_err(|why| format!("cue #{index}: {why}"))?;
    }
    Ok(())
}

fn check_cue(cue: &Cue, expected: &Value) -> Result<(), String> {
    let settings = &cue.settings;
    let fields = expected.as_object().into_iter().flatten();
    for (field, want) in fields {
        match field.as_str() {
            "index" => {}
            "id" => expect_eq("id", cue.id.as_str(), want_str(want)?)?,
            "text" => expect_eq("text", cue.text.as_str(), want_str(want)?)?,
            "startTime" => expect_eq("startTime (ms)", cue.start, seconds_to_ms(want)?)?,
            "endTime" => expect_eq("endTime (ms)", cue.end, seconds_to_ms(want)?)?,
            "align" => expect_eq("align", settings.align.as_str(), want_str(want)?)?,
            "vertical" => expect_eq("vertical", settings.vertical.as_str(), want_str(want)?)?,
            "lineAlign" => expect_eq("lineAlign", settings.line_align.as_str(), want_str(want)?)?,
            "positionAlign" => expect_eq(
                "positionAlign",
                settings.position_align.as_str(),
                want_str(want)?,
            )?,
            "snapToLines" => expect_eq(
                "snapToLines",
                settings.snap_to_lines,
                want.as_bool().ok_or("snapToLines: not a bool")?,
            )?,
            "line" => expect_number_or_auto("line", settings.line, want)?,
            "position" => expect_number_or_auto("position", settings.position, want)?,
            "size" => expect_number_or_auto("size", Some(settings.size), want)?,
            other => return Err(format!("unknown expectation `{other}`")),
        }
    }
    Ok(())
}

fn want_str(value: &Value) -> Result<&str, String> {
    value
        .as_str()
        .ok_or_else(|| format!("expected a string, found {value}"))
}

/// JS seconds to integer ms, rounded as HARNESS.md says.
fn seconds_to_ms(value: &Value) -> Result<u64, String> {
    let seconds = value.as_f64().ok_or("time: not a number")?;
    Ok((seconds * 1000.0).round() as u64)
}

fn expect_number_or_auto(what: &str, got: Option<f64>, want: &Value) -> Result<(), String> {
    let want = match want {
        Value::String(auto) if auto == "auto" => None,
        other => Some(
            other
                .as_f64()
                .ok_or_else(|| format!("{what}: bad expectation"))?,
        ),
    };
    let same = match (got, want) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-9 * b.abs().max(1.0),
        _ => false,
    };
    if same {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

/// The selectors of the top-level rules of a style sheet: just enough CSS (comments, blocks,
/// strings) for `document.styleSheets[0].cssRules[i].selectorText`.
fn css_rule_selectors(css: &str) -> Vec<String> {
    let mut selectors = Vec::new();
    let mut prelude = String::new();
    let mut depth = 0usize;
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut previous = '\0';
            for c in chars.by_ref() {
                if previous == '*' && c == '/' {
                    break;
                }
                previous = c;
            }
            continue;
        }
        match c {
            '{' => {
                if depth == 0 {
                    selectors.push(prelude.split_whitespace().collect::<Vec<_>>().join(" "));
                    prelude.clear();
                }
                depth += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => prelude.push(c),
            _ => {}
        }
    }
    selectors
}

#[test]
fn wpt_cue_text_parsing() {
    let Some(dir) = suite_dir() else { return };
    let dat_dir = dir.join("cue-text-parsing").join("dat");
    let mut results = Vec::new();
    let mut files: Vec<PathBuf> = fs::read_dir(&dat_dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "dat"));
    files.sort();
    let file_count = files.len();
    for path in files {
        let text = fs::read_to_string(&path).expect("dat file readable");
        for (number, case) in dat_cases(&text).into_iter().enumerate() {
            let name = format!("{} #{} {:?}", file_name(&path), number + 1, case.data);
            results.push((name, run_cue_text_case(&case)));
        }
    }
    // The stored suite revision: a renamed folder or a changed splitter must not turn this
    // into a test of nothing. A refreshed suite updates these numbers.
    assert_eq!(
        (file_count, results.len()),
        (4, 52),
        "cue-text cases found (files, cases)"
    );
    report("cue-text", &results);
}

struct DatCase {
    data: String,
    text: String,
    voices: Vec<String>,
    timestamps: Vec<String>,
}

/// Splits a tree-construction `.dat` file into cases, keeping what the check compares.
fn dat_cases(file: &str) -> Vec<DatCase> {
    let mut cases = Vec::new();
    for block in file.split("#data\n").skip(1) {
        let (data, rest) = block.split_once("\n#errors").unwrap_or((block, ""));
        let mut case = DatCase {
            data: unescape(data),
            text: String::new(),
            voices: Vec::new(),
            timestamps: Vec::new(),
        };
        for line in rest.lines() {
            let Some(node) = line.strip_prefix("| ") else {
                continue;
            };
            let node = node.trim_start();
            if let Some(text) = node.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
                case.text.push_str(&unescape(text));
            } else if let Some(title) = node
                .strip_prefix("title=\"")
                .and_then(|n| n.strip_suffix('"'))
            {
                case.voices.push(unescape(title));
            } else if let Some(time) = node
                .strip_prefix("<?timestamp ")
                .and_then(|n| n.strip_suffix('>'))
            {
                case.timestamps.push(time.to_string());
            }
        }
        cases.push(case);
    }
    cases
}

/// The escapes of the `.dat` files: `\n \t \r \f \\ \xHH \uHHHH`.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars, n: usize| {
            let digits: String = chars.by_ref().take(n).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}')
        };
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\u{C}'),
            Some('x') => out.push(hex(&mut chars, 2)),
            Some('u') => out.push(hex(&mut chars, 4)),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Runs one cue-text case the way upstream does: as the payload of a one-cue file.
fn run_cue_text_case(case: &DatCase) -> Result<(), String> {
    let file = format!("WEBVTT\n\n00:00.000 --> 00:01.000\n{}", case.data);
    let cues = vtt::parse_cues(&file).map_err(|e| format!("file rejected: {e}"))?;
    let payload = cues.first().map(|cue| cue.text.as_str()).unwrap_or("");
    let tokens = vtt::cue_text::tokenize(payload);
    let mut text = String::new();
    let mut voices = Vec::new();
    let mut timestamps = Vec::new();
    for token in tokens {
        match token {
            Token::Text(t) => text.push_str(&t),
            Token::StartTag {
                name, annotation, ..
            } if name == "v" => voices.push(annotation),
            Token::Timestamp(ms) => timestamps.push(format_timestamp(ms)),
            _ => {}
        }
    }
    expect_eq("text content", text, case.text.clone())?;
    expect_eq("voices", voices, case.voices.clone())?;
    expect_eq("timestamps", timestamps, case.timestamps.clone())
}

/// The DOM form of a timestamp: `HH:MM:SS.mmm`, hours with at least two digits.
fn format_timestamp(ms: u64) -> String {
    let (hours, rest) = (ms / 3_600_000, ms % 3_600_000);
    format!(
        "{hours:02}:{:02}:{:02}.{:03}",
        rest / 60_000,
        (rest / 1_000) % 60,
        rest % 1_000
    )
}
