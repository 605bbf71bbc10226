//! A table of hostile inputs through `import`, `notes import` and glossary loading: each must end
//! with exit code 0 or 1 (never a panic, a signal or a hang), within a time bound, with a message
//! that names the file (`path:line: reason` or `path: reason`), and a failed command must leave
//! the library as it was. The slowest input is printed.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::TestLibrary;

/// What the input is fed to.
#[derive(Clone, Copy, PartialEq)]
enum Via {
    /// `podgloss import FILE`.
    Import,
    /// `podgloss notes import FILE --episode ep`.
    Notes,
    /// Written as `glossary/NAME`, then `podgloss glossary` and `podgloss search`.
    Glossary,
    /// Written as `transcripts/ep/NAME` (beside a good transcript), then `list`, `show`, `search`.
    EpisodeFile,
}

/// A deterministic byte soup.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 56) as u8
        })
        .collect()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

fn cues(count: usize) -> String {
    let mut text = String::from("WEBVTT\n\n");
    for i in 0..count {
        let (s, ms) = (i / 1000, i % 1000);
        text.push_str(&format!(
            "00:{:02}:{:02}.{ms:03} --> 00:{:02}:{:02}.{ms:03}\ncue {i}\n\n",
            s / 60 % 60,
            s % 60,
            s / 60 % 60,
            s % 60
        ));
    }
    text
}

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nthe residual stream\n";

fn table() -> Vec<(&'static str, Via, String, Vec<u8>)> {
    let s = |text: &str| text.as_bytes().to_vec();
    let nested = |open: &str, close: &str, n: usize| {
        format!("{}{}", open.repeat(n), close.repeat(n)).into_bytes()
    };
    let mut t: Vec<(&'static str, Via, String, Vec<u8>)> = vec![
        ("empty", Via::Import, "empty.vtt".into(), vec![]),
        ("header only", Via::Import, "header.vtt".into(), s("WEBVTT")),
        (
            "truncated timing",
            Via::Import,
            "trunc.vtt".into(),
            s("WEBVTT\n\n00:00:01.0"),
        ),
        (
            "truncated srt",
            Via::Import,
            "trunc.srt".into(),
            s("1\n00:00:01,000 --> 00:0"),
        ),
        ("binary", Via::Import, "binary.vtt".into(), noise(65_536, 1)),
        (
            "png",
            Via::Import,
            "image.srt".into(),
            [b"\x89PNG\r\n\x1a\n".to_vec(), noise(4096, 2)].concat(),
        ),
        (
            "nul bytes",
            Via::Import,
            "nul.vtt".into(),
            s("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\0b\0\0c\n"),
        ),
        ("utf-16le", Via::Import, "le.vtt".into(), utf16(VTT, false)),
        ("utf-16be", Via::Import, "be.vtt".into(), utf16(VTT, true)),
        (
            "utf-32le",
            Via::Import,
            "utf32.vtt".into(),
            [
                vec![0xFF, 0xFE, 0, 0],
                VTT.chars().flat_map(|c| (c as u32).to_le_bytes()).collect(),
            ]
            .concat(),
        ),
        (
            "odd utf-16",
            Via::Import,
            "odd.vtt".into(),
            [utf16(VTT, false), vec![0x41]].concat(),
        ),
        (
            "windows-1252",
            Via::Import,
            "cp1252.srt".into(),
            b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9 \x93x\x94\n".to_vec(),
        ),
        (
            "bom only",
            Via::Import,
            "bom.vtt".into(),
            vec![0xEF, 0xBB, 0xBF],
        ),
        (
            "50 MB single line",
            Via::Import,
            "line.txt".into(),
            "word ".repeat(10_000_000).into_bytes(),
        ),
        (
            "200k cues",
            Via::Import,
            "many.vtt".into(),
            cues(200_000).into_bytes(),
        ),
        (
            "times backwards",
            Via::Import,
            "back.vtt".into(),
            s("WEBVTT\n\n00:00:09.000 --> 00:00:01.000\nb\n\n00:00:05.000 --> 00:00:02.000\na\n"),
        ),
        (
            "overlapping",
            Via::Import,
            "overlap.vtt".into(),
            s("WEBVTT\n\n00:00:01.000 --> 00:00:09.000\na\n\n00:00:02.000 --> 00:00:03.000\nb\n"),
        ),
        (
            "negative",
            Via::Import,
            "neg.vtt".into(),
            s("WEBVTT\n\n-00:00:01.000 --> 00:00:02.000\na\n"),
        ),
        (
            "huge time",
            Via::Import,
            "huge.vtt".into(),
            s("WEBVTT\n\n99999999999:00:00.000 --> 99999999999:00:01.000\na\n"),
        ),
        (
            "huge srt index",
            Via::Import,
            "index.srt".into(),
            s("999999999999999999999999\n00:00:01,000 --> 00:00:02,000\na\n"),
        ),
        (
            "huge srt time",
            Via::Import,
            "time.srt".into(),
            s("1\n4294967296:00:01,000 --> 4294967296:00:02,000\na\n"),
        ),
        (
            "nested arrays",
            Via::Import,
            "arrays.json".into(),
            nested("[", "]", 100_000),
        ),
        (
            "nested objects",
            Via::Import,
            "objects.json".into(),
            nested("{\"a\":", "}", 100_000),
        ),
        (
            "p20 huge numbers",
            Via::Import,
            "p20.json".into(),
            s(
                r#"{"version":"1.0.0","segments":[{"startTime":1e308,"endTime":-1e308,"body":"x"},{"startTime":"NaN","body":"y"}]}"#,
            ),
        ),
        (
            "whisper wrong types",
            Via::Import,
            "whisper.json".into(),
            s(r#"{"text":"x","segments":[{"start":"a","end":[],"text":5}]}"#),
        ),
        (
            "json3 wrong types",
            Via::Import,
            "yt.json".into(),
            s(
                r#"{"events":[{"tStartMs":"x","segs":{"utf8":1}},{"tStartMs":-5,"dDurationMs":1e300,"segs":[{"utf8":"hi"}]}]}"#,
            ),
        ),
        (
            "nested html",
            Via::Import,
            "deep.html".into(),
            format!(
                "{}<cite>A:</cite><time>0:01</time><p>x</p>",
                "<div>".repeat(200_000)
            )
            .into_bytes(),
        ),
        (
            "nested cite",
            Via::Import,
            "cite.html".into(),
            format!("{}<time>0:01</time><p>x</p>", "<cite>".repeat(30_000)).into_bytes(),
        ),
        (
            "html script only",
            Via::Import,
            "script.html".into(),
            s("<script>alert(1)</script>"),
        ),
        (
            "bad timestamps txt",
            Via::Import,
            "stamps.txt".into(),
            s("[99:99:99] x\n[00:00:01] y\n[-1:00] z\n"),
        ),
        (
            "timestamps only",
            Via::Import,
            "only.txt".into(),
            "[00:00:01]\n".repeat(10_000).into_bytes(),
        ),
        (
            "arrows only",
            Via::Import,
            "arrows.srt".into(),
            "-->\n".repeat(10_000).into_bytes(),
        ),
        (
            "cue settings garbage",
            Via::Import,
            "settings.vtt".into(),
            s(
                "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 line:999999999999% position:-5% size:NaN align:x\na\n",
            ),
        ),
        (
            "100k-char cue",
            Via::Import,
            "long.vtt".into(),
            format!(
                "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{}\n",
                "x".repeat(100_000)
            )
            .into_bytes(),
        ),
        (
            "cr line ends",
            Via::Import,
            "cr.vtt".into(),
            VTT.replace('\n', "\r").into_bytes(),
        ),
        (
            "mixed line ends",
            Via::Import,
            "mixed.srt".into(),
            s("1\r\n00:00:01,000 --> 00:00:02,000\ra\n\r\n2\r00:00:03,000 --> 00:00:04,000\n\rb"),
        ),
        ("newline in name", Via::Import, "a\nb.vtt".into(), s(VTT)),
        ("leading dash name", Via::Import, "-rf.vtt".into(), s(VTT)),
        (
            "escapes in name",
            Via::Import,
            "x\u{1b}]52;c;eA==\u{7}.vtt".into(),
            s(VTT),
        ),
        (
            "markdown speakers",
            Via::Import,
            "talk.md".into(),
            s("**A:** [00:00:01] hi\n**B:** [00:00:02] yo\n"),
        ),
        (
            "vtt with only notes",
            Via::Import,
            "notes.vtt".into(),
            "NOTE x\n\n".repeat(10_000).into_bytes(),
        ),
        (
            "tsv garbage",
            Via::Import,
            "t.tsv".into(),
            s("start\tend\ttext\nx\ty\tz\n-1\t1e400\ta\n"),
        ),
        (
            "yaml alias bomb",
            Via::Glossary,
            "bomb.md".into(),
            s(
                "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\naliases: *g\n---\n# Bomb\n",
            ),
        ),
        (
            "front matter a list",
            Via::Glossary,
            "list.md".into(),
            s("---\n- a\n- b\n---\n# L\n"),
        ),
        (
            "front matter a scalar",
            Via::Glossary,
            "scalar.md".into(),
            s("---\njust text\n---\n# S\n"),
        ),
        (
            "100k [ in aliases",
            Via::Glossary,
            "brackets.md".into(),
            format!("---\naliases: {}\n---\n# B\n", "[".repeat(100_000)).into_bytes(),
        ),
        (
            "50k aliases",
            Via::Glossary,
            "aliases.md".into(),
            format!(
                "---\naliases: [{}]\n---\n# A\n",
                (0..50_000)
                    .map(|i| format!("a{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .into_bytes(),
        ),
        (
            "glossary nul",
            Via::Glossary,
            "nul.md".into(),
            s("# N\0ul\n\ntext\0\n"),
        ),
        (
            "glossary binary",
            Via::Glossary,
            "bin.md".into(),
            noise(65_536, 3),
        ),
        (
            "glossary truncated",
            Via::Glossary,
            "trunc.md".into(),
            s("---\naliases: [a"),
        ),
        ("glossary empty", Via::Glossary, "empty.md".into(), vec![]),
        (
            "glossary dashes",
            Via::Glossary,
            "dashes.md".into(),
            s("---"),
        ),
        (
            "glossary mapping alias",
            Via::Glossary,
            "map.md".into(),
            s("---\naliases: {a: b}\n---\n# M\n"),
        ),
        (
            "glossary deep block lists",
            Via::Glossary,
            "block.md".into(),
            format!(
                "---\naliases:\n{}\n---\n# D\n",
                (0..200)
                    .map(|i| format!("{}- x", "  ".repeat(i)))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
            .into_bytes(),
        ),
        ("notes binary", Via::Notes, "n1.md".into(), noise(65_536, 4)),
        (
            "notes nul",
            Via::Notes,
            "n2.md".into(),
            s("- a\0b\n- [0:01] c\0\n"),
        ),
        (
            "notes 50k lines",
            Via::Notes,
            "n3.md".into(),
            "- [0:01] a note\n".repeat(50_000).into_bytes(),
        ),
        (
            "notes huge times",
            Via::Notes,
            "n4.md".into(),
            s("- [99999999999:00] x\n- 4294967296:00:00 y\n"),
        ),
        (
            "notes deep indentation",
            Via::Notes,
            "n5.md".into(),
            (0..10_000)
                .map(|i| format!("{}- x\n", " ".repeat(i % 400)))
                .collect::<String>()
                .into_bytes(),
        ),
        (
            "notes escapes",
            Via::Notes,
            "n6.md".into(),
            s("- \u{1b}]52;c;eA==\u{7} x\n- \u{9b}2J y\n"),
        ),
        ("notes empty", Via::Notes, "n7.md".into(), vec![]),
        (
            "notes utf-16",
            Via::Notes,
            "n8.md".into(),
            utf16("- [0:01] hello\n", false),
        ),
        (
            "notes nested brackets",
            Via::Notes,
            "n9.md".into(),
            format!("- {}x{}\n", "[".repeat(50_000), "]".repeat(50_000)).into_bytes(),
        ),
        (
            "deep toml",
            Via::EpisodeFile,
            "episode.toml".into(),
            format!("a = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
        ),
        (
            "deep toml tables",
            Via::EpisodeFile,
            "episode.toml".into(),
            format!("a = {}1{}\n", "{b=".repeat(50_000), "}".repeat(50_000)).into_bytes(),
        ),
        (
            "toml not a table",
            Via::EpisodeFile,
            "episode.toml".into(),
            s("title = [1, {}]\nsources = 5\n"),
        ),
        (
            "chapters nested",
            Via::EpisodeFile,
            "chapters.json".into(),
            nested("[", "]", 100_000),
        ),
        (
            "chapters huge times",
            Via::EpisodeFile,
            "chapters.json".into(),
            s(r#"{"chapters":[{"startTime":1e308,"title":"x"},{"startTime":-1,"title":"y"}]}"#),
        ),
        (
            "notes in library binary",
            Via::EpisodeFile,
            "notes.md".into(),
            noise(65_536, 5),
        ),
    ];
    t.sort_by_key(|(_, via, _, _)| *via as u8);
    t
}

/// The library as bytes on disk, to compare before and after a failed command.
fn snapshot(lib: &TestLibrary) -> Vec<(String, Vec<u8>)> {
    lib.tree()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(lib.root().join(&f)).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

fn run(lib: &TestLibrary, args: &[&std::ffi::OsStr]) -> (Option<i32>, String, Duration) {
    let started = Instant::now();
    let output = lib
        .cmd()
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr, started.elapsed())
}

fn episode_library() -> TestLibrary {
    let lib = TestLibrary::new();
    let folder = lib.transcripts().join("ep");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("transcript.vtt"), VTT).unwrap();
    lib
}

#[test]
fn hostile_inputs_fail_cleanly_and_fast() {
    let table = table();
    assert!(table.len() >= 60, "{} inputs", table.len());
    let bound = Duration::from_secs(60);
    let mut slowest = (Duration::ZERO, "");
    let mut problems = Vec::new();
    for (name, via, file, bytes) in &table {
        let lib = episode_library();
        let (commands, path): (Vec<Vec<std::ffi::OsString>>, PathBuf) = match via {
            Via::Import | Via::Notes => {
                let path = lib.source(file, bytes);
                let command = if *via == Via::Import {
                    vec!["import".into(), path.clone().into_os_string()]
                } else {
                    vec![
                        "notes".into(),
                        "import".into(),
                        path.clone().into_os_string(),
                        "--episode".into(),
                        "ep".into(),
                    ]
                };
                (vec![command], path)
            }
            Via::Glossary | Via::EpisodeFile => {
                let path = if *via == Via::Glossary {
                    lib.root().join("glossary").join(file)
                } else {
                    lib.transcripts().join("ep").join(file)
                };
                std::fs::write(&path, bytes).unwrap();
                let reads = [
                    vec!["glossary"],
                    vec!["list"],
                    vec!["show", "ep"],
                    vec!["search", "residual"],
                    vec!["notes"],
                ];
                let commands = reads
                    .iter()
                    .map(|c| c.iter().map(Into::into).collect())
                    .collect();
                (commands, path)
            }
        };
        for command in commands {
            let before = snapshot(&lib);
            let args: Vec<&std::ffi::OsStr> = command.iter().map(|a| a.as_os_str()).collect();
            let (code, stderr, took) = run(&lib, &args);
            if took > slowest.0 {
                slowest = (took, name);
            }
            let what = format!("{name} ({command:?})");
            if !matches!(code, Some(0 | 1)) {
                problems.push(format!("{what}: exit {code:?}: {stderr}"));
                continue;
            }
            if took > bound {
                problems.push(format!("{what}: took {took:?}"));
            }
            if code == Some(1) && matches!(via, Via::Import | Via::Notes) {
                if snapshot(&lib) != before {
                    problems.push(format!("{what}: failed but changed the library"));
                }
                if !names_the_file(&stderr, &path) {
                    problems.push(format!("{what}: message does not name the file: {stderr}"));
                }
            }
            if matches!(via, Via::Glossary | Via::EpisodeFile)
                && stderr
                    .lines()
                    .any(|l| l.starts_with("podgloss: ") && !l.contains(':'))
            {
                problems.push(format!("{what}: message without a place: {stderr}"));
            }
        }
    }
    eprintln!(
        "{} inputs; slowest: {} in {:?}",
        table.len(),
        slowest.1,
        slowest.0
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `path:line: reason` or `path: reason`, with the path as printed (relative to the library, as
/// the tests run there), or the "nothing imported" lines that name it.
fn names_the_file(stderr: &str, path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    let printable: String = name.chars().filter(|c| !c.is_control()).collect();
    let first_part = printable.split(['\n', ']']).next().unwrap_or_default();
    stderr.contains(&format!("{first_part}:")) || stderr.contains(first_part)
}
