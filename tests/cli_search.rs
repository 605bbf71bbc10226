//! `podgloss search` and `podgloss index` on a small library we wrote: the query language, hits
//! landing on segments, and the index following the files without being asked.

mod common;

use common::TestLibrary;
use predicates::prelude::*;
use serde_json::Value;

/// Two speakers; "residual" ends one cue and "stream" starts the next.
const EPISODE_VTT: &str = "WEBVTT

00:00:01.000 --> 00:00:05.000
<v Trenton>Every layer writes into the residual

00:00:05.000 --> 00:00:09.000
<v Trenton>stream, which is a running sum of vectors.

00:10:00.000 --> 00:10:06.000
<v Maya>So the streams carry everything forward?

00:20:00.000 --> 00:20:08.000
<v Trenton>Models may hide information in their reasoning, which is called steganography.

01:05:00.000 --> 01:05:09.000
<v Maya>Superposition packs many features into few dimensions.
";

const OTHER_SRT: &str = "1
00:00:02,000 --> 00:00:06,000
NARRATOR: Quantum computers are not what superposition means here.
";

fn library() -> TestLibrary {
    let lib = TestLibrary::new();
    let folder = lib.transcripts().join("circuits");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("transcript.vtt"), EPISODE_VTT).unwrap();
    std::fs::write(
        folder.join("episode.toml"),
        "title = \"Circuits\"\nshow = \"Gradient Talk\"\n[speakers]\nTrenton = \"Trenton Bricken\"\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("chapters.json"),
        r#"{"version":"1.2.0","chapters":[{"startTime":0,"title":"Streams"},{"startTime":1200,"title":"Hidden text"}]}"#,
    )
    .unwrap();
    std::fs::write(
        folder.join("notes.md"),
        "- Lost around 20:00, what is hidden reasoning exactly?\n\n- Softmax?\n",
    )
    .unwrap();
    std::fs::write(lib.transcripts().join("quantum-aside.srt"), OTHER_SRT).unwrap();
    lib
}

/// Runs a JSON search and returns the hits. Exit code 1 means both "no hits" and "query
/// refused" (SPEC §8), so the message tells them apart: a refused query fails the test instead
/// of passing as an empty result.
fn search(lib: &TestLibrary, query: &str) -> Vec<Value> {
    let output = lib
        .cmd()
        .args(["search", query, "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => {}
        Some(1) => common::assert_no_hits_not_refused(query, &output.stdout, &stderr),
        other => panic!("{query}: exit {other:?}: {stderr}"),
    }
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn times(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["time"].as_str().unwrap_or("-").to_string())
        .collect()
}

#[test]
fn a_phrase_matches_across_a_cue_boundary_and_lands_on_its_segment() {
    let lib = library();
    let hits = search(&lib, "\"residual stream\"");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["episode"], "circuits");
    assert_eq!(hits[0]["speaker"], "Trenton Bricken");
    assert_eq!(hits[0]["chapter"], "Streams");
    assert_eq!(hits[0]["time"], "0:01");
    let snippet = hits[0]["snippet"].as_str().unwrap();
    let [start, end] = [0, 1].map(|i| hits[0]["highlights"][0][i].as_u64().unwrap() as usize);
    assert_eq!(&snippet[start..end], "residual");

    // A word of the second cue lands on the second cue's time.
    let hits = search(&lib, "running sum");
    assert_eq!(times(&hits), ["0:05"]);
}

#[test]
fn stemming_and_fuzzy_find_variants() {
    let lib = library();
    // "streams" (plural) finds "stream", and "stream" finds "streams".
    let mut found = times(&search(&lib, "streams"));
    found.sort();
    assert_eq!(found, ["0:05", "10:00"]);
    // An ASR-style misspelling, within two edits.
    assert_eq!(times(&search(&lib, "steganografy~")), ["20:00"]);
    assert!(search(&lib, "steganografy").is_empty());
}

#[test]
fn each_filter_narrows_the_hits() {
    let lib = library();
    assert_eq!(times(&search(&lib, "streams speaker:maya")), ["10:00"]);
    assert_eq!(times(&search(&lib, "streams speaker:TREN")), ["0:05"]);
    assert_eq!(search(&lib, "superposition").len(), 2);
    assert_eq!(
        search(&lib, "superposition episode:quantum-aside")[0]["episode"],
        "quantum-aside"
    );
    assert_eq!(
        times(&search(&lib, "superposition show:\"gradient talk\"")),
        ["1:05:00"]
    );
    assert_eq!(times(&search(&lib, "superposition -quantum")), ["1:05:00"]);
    assert_eq!(search(&lib, "quantum OR steganography").len(), 2);
    assert_eq!(
        times(&search(&lib, "superposition after:1:00:00")),
        ["1:05:00"]
    );
    assert_eq!(times(&search(&lib, "superposition before:60m")), ["0:02"]);
    assert_eq!(search(&lib, "hidden in:notes")[0]["kind"], "note");
    assert!(search(&lib, "steganography in:notes").is_empty());
}

#[test]
fn notes_are_findable_at_their_anchor() {
    let lib = library();
    let hits = search(&lib, "hidden reasoning in:notes");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["time"], "20:00");
    assert_eq!(hits[0]["title"], "Circuits");
}

#[test]
fn edits_on_disk_are_seen_by_the_next_search_without_an_index_command() {
    let lib = library();
    assert!(search(&lib, "cerebellum").is_empty());
    let notes = lib.transcripts().join("circuits/notes.md");
    let mut text = std::fs::read_to_string(&notes).unwrap();
    text.push_str("\n- The cerebellum has a direct path.\n");
    std::fs::write(&notes, text).unwrap();
    assert_eq!(search(&lib, "cerebellum").len(), 1);

    // A new bare transcript, then its removal.
    std::fs::write(
        lib.transcripts().join("late-addition.srt"),
        "1\n00:00:01,000 --> 00:00:02,000\nThe cerebellum again.\n",
    )
    .unwrap();
    assert_eq!(search(&lib, "cerebellum").len(), 2);
    std::fs::remove_file(lib.transcripts().join("late-addition.srt")).unwrap();
    assert_eq!(search(&lib, "cerebellum").len(), 1);

    // An edited transcript replaces its old paragraphs. Transcripts are rewritten whole, as
    // import and editors that save through a new file do (a file renamed over the old one), so
    // the folder's mtime tells the sync to look at them.
    let vtt = lib.transcripts().join("circuits/transcript.vtt");
    let edited = std::fs::read_to_string(&vtt)
        .unwrap()
        .replace("steganography", "encoded reasoning");
    let saved = lib.transcripts().join("circuits/.transcript.vtt.new");
    std::fs::write(&saved, edited).unwrap();
    std::fs::rename(&saved, &vtt).unwrap();
    assert!(search(&lib, "steganography").is_empty());
    assert_eq!(search(&lib, "\"encoded reasoning\"").len(), 1);
}

#[test]
fn a_missing_or_damaged_index_is_rebuilt_not_an_error() {
    let lib = library();
    assert_eq!(search(&lib, "superposition").len(), 2);
    std::fs::remove_dir_all(lib.root().join(".podgloss")).unwrap();
    assert_eq!(search(&lib, "superposition").len(), 2);

    // Truncate every segment file of the index.
    let index = lib.root().join(".podgloss/index");
    for entry in std::fs::read_dir(&index).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") && !name.starts_with('.') {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            file.set_len(3).unwrap();
        }
    }
    assert_eq!(search(&lib, "superposition").len(), 2);

    // A damaged manifest also means a rebuild.
    std::fs::write(
        lib.root().join(".podgloss/manifest.bin"),
        "PGMANIF\0 not the rest",
    )
    .unwrap();
    assert_eq!(search(&lib, "superposition").len(), 2);
}

#[test]
fn bad_queries_are_one_line_errors_and_no_match_exits_1() {
    let lib = library();
    for (query, message) in [
        ("\"residual stream", "quote"),
        ("after:soon superposition", "soon"),
        ("colour:red", "colour"),
    ] {
        lib.cmd()
            .args(["search", query])
            .assert()
            .code(1)
            .stderr(predicate::str::is_match(r"^podgloss: bad query .+\n$").unwrap())
            .stderr(predicate::str::contains(message));
    }
    lib.cmd()
        .args(["search", "zyzzyva"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("no matches for \"zyzzyva\"\n");
}

#[test]
fn text_output_groups_hits_by_episode() {
    let lib = library();
    lib.cmd()
        .args(["search", "superposition"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Circuits  circuits\n"))
        .stdout(predicate::str::contains("Quantum aside  quantum-aside\n"))
        .stdout(predicate::str::contains("1:05:00  Maya  · Hidden text"));
}

#[test]
fn index_reports_status_and_rebuilds() {
    let lib = library();
    lib.cmd()
        .arg("index")
        .assert()
        .success()
        .stdout(predicate::str::contains("documents"));
    lib.cmd()
        .args(["index", "--rebuild"])
        .assert()
        .success()
        .stderr(predicate::str::contains("(asked for)"));
    assert_eq!(search(&lib, "superposition").len(), 2);
}

#[test]
fn the_bundled_sample_library_finds_the_residual_stream() {
    let lib = TestLibrary::with_sample();
    let hits = search(&lib, "\"residual stream\"");
    let in_sample: Vec<&Value> = hits
        .iter()
        .filter(|h| h["episode"] == "how-language-models-think" && h["kind"] == "transcript")
        .collect();
    assert!(in_sample.len() >= 8, "{hits:?}");
    assert!(in_sample.iter().all(|h| h["time"].is_string()));
}
