//! `podgloss notes`, `notes import`, `define` and `glossary` on a small library we wrote: what the
//! user reads, and what lands on disk.

mod common;

use common::TestLibrary;
use predicates::prelude::*;
use serde_json::Value;

const VTT: &str = "WEBVTT

00:00:01.000 --> 00:00:09.000
<v Ann>Softmax turns the scores into probabilities that sum to one.

00:05:00.000 --> 00:05:09.000
<v Bo>The cerebellum has a direct path and an indirect path through granule cells.

00:10:00.000 --> 00:10:09.000
<v Ann>Distillation trains a small student on a big teacher's outputs.

00:10:10.000 --> 00:10:12.000
<v Bo>Steganography hides a message in plain sight.
";

const SOFTMAX: &str = "---
aliases: [softmax function]
related: [temperature]
---
# softmax

Turns a vector of scores into probabilities.

```python
def softmax(x):
    return x
```
";

fn library() -> TestLibrary {
    let lib = TestLibrary::new();
    let folder = lib.transcripts().join("talk");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("transcript.vtt"), VTT).unwrap();
    std::fs::write(
        folder.join("episode.toml"),
        "title = \"Talk\"\n[sources]\nvideo = \"https://www.youtube.com/watch?v=abcDEF12345\"\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("notes.md"),
        "- Lost from 0:04-0:06, rewatch\n\n- the cerebellum direct and indirect path\n\n- Softmax? What's distillation? Steganography?\n",
    )
    .unwrap();
    std::fs::write(lib.root().join("glossary/softmax.md"), SOFTMAX).unwrap();
    lib
}

fn json_lines(output: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn notes_show_anchors_links_and_questions() {
    let lib = library();
    let output = lib
        .cmd()
        .args(["notes", "talk", "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let notes = json_lines(&output.stdout);
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[0]["anchor"]["kind"], "exact");
    assert_eq!(notes[0]["anchor"]["start"], 4_000);
    assert_eq!(notes[0]["anchor"]["end"], 6_000);
    assert_eq!(notes[1]["anchor"]["kind"], "auto");
    assert_eq!(notes[1]["time"], "5:00");
    assert_eq!(notes[2]["asks"][0]["entry"], "softmax");
    assert_eq!(
        notes[2]["wanted"],
        serde_json::json!(["distillation", "steganography"])
    );

    lib.cmd()
        .args(["notes", "talk"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0:04-0:06"))
        .stdout(predicate::str::contains("~5:00"))
        .stdout(predicate::str::contains(
            "asks: softmax, distillation?, steganography?",
        ));
}

#[test]
fn pinning_writes_the_auto_anchor_into_the_note_and_nothing_else() {
    let lib = library();
    let path = lib.transcripts().join("talk/notes.md");
    let before = std::fs::read_to_string(&path).unwrap();
    lib.cmd()
        .args(["notes", "talk", "--pin", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("pinned note 2 at 5:00"));
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        before.replace("- the cerebellum", "- [0:05:00] the cerebellum")
    );
    lib.cmd()
        .args(["notes", "talk", "--pin", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already has a time"));
}

#[test]
fn wanted_terms_are_those_asked_without_an_entry() {
    let lib = library();
    lib.cmd()
        .args(["glossary", "wanted"])
        .assert()
        .success()
        .stdout(predicate::str::contains("distillation\n  talk note 3"))
        .stdout(predicate::str::contains("steganography"))
        .stdout(predicate::str::contains("softmax").not());

    // A term the episode never says is not wanted, nor is a question about an action.
    let notes = lib.transcripts().join("talk/notes.md");
    let mut text = std::fs::read_to_string(&notes).unwrap();
    text.push_str("\n- Flash decoding? Why doesn't the teacher make you check it?\n");
    std::fs::write(&notes, text).unwrap();
    lib.cmd()
        .args(["glossary", "wanted"])
        .assert()
        .success()
        .stdout(predicate::str::contains("flash").not())
        .stdout(predicate::str::contains("teacher").not())
        .stdout(predicate::str::contains("check").not());

    // Defining a wanted term removes it from the list.
    lib.cmd()
        .args(["define", "distillation", "--alias", "distilled model"])
        .args([
            "--definition",
            "Training a small model on a big one's outputs.",
        ])
        .assert()
        .success()
        .stdout("created glossary/distillation.md\n");
    let written = std::fs::read_to_string(lib.root().join("glossary/distillation.md")).unwrap();
    assert!(
        written.starts_with("---\naliases: [distilled model]\n---\n# distillation\n"),
        "{written}"
    );
    lib.cmd()
        .args(["glossary", "wanted"])
        .assert()
        .success()
        .stdout(predicate::str::contains("distillation").not());
    // ... and makes it findable at once.
    lib.cmd()
        .args(["search", "in:glossary", "distilled"])
        .assert()
        .success()
        .stdout(predicate::str::contains("distillation"));
}

#[test]
fn define_updates_an_entry_without_losing_what_was_there() {
    let lib = library();
    lib.cmd()
        .args(["define", "Softmax", "--alias", "normalized exponential"])
        .assert()
        .success()
        .stdout("updated glossary/softmax.md\n");
    let text = std::fs::read_to_string(lib.root().join("glossary/softmax.md")).unwrap();
    assert!(
        text.contains("aliases: [softmax function, normalized exponential]"),
        "{text}"
    );
    assert!(
        text.contains("def softmax(x):"),
        "the definition is kept: {text}"
    );
    lib.cmd()
        .args(["glossary", "show", "softmax function"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "softmax\naliases: softmax function, normalized exponential",
        ));
}

#[test]
fn mentions_list_every_occurrence_with_time() {
    let lib = library();
    let output = lib
        .cmd()
        .args(["glossary", "mentions", "softmax", "--json"])
        .output()
        .unwrap();
    let hits = json_lines(&output.stdout);
    let kinds: Vec<(&str, Option<u64>)> = hits
        .iter()
        .map(|h| (h["kind"].as_str().unwrap(), h["time_ms"].as_u64()))
        .collect();
    assert_eq!(kinds, [("transcript", Some(1_000)), ("note", None)]);
    lib.cmd()
        .args(["glossary", "mentions", "softmax"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "softmax: 2 mentions in 1 episode\n",
        ));
}

#[test]
fn notes_import_finds_the_episode_by_its_url() {
    let lib = library();
    let file = lib.source(
        "my-notes.txt",
        "https://youtu.be/abcDEF12345\n\nSoftmax? What's distillation? Steganography?\n\nKV cache?\n".as_bytes(),
    );
    lib.cmd()
        .args(["notes", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("added 1 new notes"));
    let notes = std::fs::read_to_string(lib.transcripts().join("talk/notes.md")).unwrap();
    assert!(notes.ends_with("- KV cache?\n"), "{notes}");

    let unknown = lib.source("other.txt", b"https://example.com/elsewhere\n\nA note.\n");
    lib.cmd()
        .args(["notes", "import"])
        .arg(&unknown)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("pass --episode SLUG"));
}

#[test]
fn define_never_replaces_a_definition_silently() {
    let lib = library();
    let path = lib.root().join("glossary/softmax.md");
    let before = std::fs::read_to_string(&path).unwrap();
    lib.cmd()
        .args([
            "define",
            "softmax",
            "--definition",
            "Exponentiate, then normalise.",
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("already has a definition")
                .and(predicate::str::contains("--replace"))
                .and(predicate::str::contains("--append")),
        );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

    lib.cmd()
        .args([
            "define",
            "softmax",
            "--append",
            "--definition",
            "See also temperature.",
        ])
        .assert()
        .success();
    let appended = std::fs::read_to_string(&path).unwrap();
    assert!(appended.contains("def softmax(x):"), "{appended}");
    assert!(
        appended.trim_end().ends_with("See also temperature."),
        "{appended}"
    );

    lib.cmd()
        .args([
            "define",
            "softmax",
            "--replace",
            "--definition",
            "Scores to probabilities.",
        ])
        .assert()
        .success();
    let replaced = std::fs::read_to_string(&path).unwrap();
    assert!(!replaced.contains("def softmax(x):"), "{replaced}");
    assert!(replaced.contains("Scores to probabilities."), "{replaced}");
    assert!(
        replaced.contains("aliases: [softmax function]"),
        "{replaced}"
    );

    // The same text again is no change, and a new term needs neither flag.
    lib.cmd()
        .args([
            "define",
            "softmax",
            "--definition",
            "Scores to probabilities.",
        ])
        .assert()
        .success();
    lib.cmd()
        .args(["define", "logit", "--definition", "A raw score."])
        .assert()
        .success();
    lib.cmd()
        .args(["define", "logit", "--replace"])
        .assert()
        .code(2);
}

#[test]
fn notes_import_keeps_a_note_that_only_shares_words_with_one_there() {
    let lib = library();
    let notes_path = lib.transcripts().join("talk/notes.md");
    std::fs::write(
        &notes_path,
        "- softmax?\n\n- Softmax? What's distillation? Steganography?\n",
    )
    .unwrap();
    let file = lib.source(
        "mine.txt",
        b"Softmax?\n\nSoftmax?   What's distillation?\nSteganography?\n",
    );
    lib.cmd()
        .args(["notes", "import", "--episode", "talk"])
        .arg(&file)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("added 1 new notes")
                .and(predicate::str::contains("1 already there")),
        );
    let notes = std::fs::read_to_string(&notes_path).unwrap();
    assert!(notes.ends_with("- Softmax?\n"), "{notes}");
}

#[test]
fn show_says_what_is_wrong_with_a_window() {
    let lib = library();
    for (args, message) in [
        (
            &["--from", "1:30:00", "--to", "1:00:00"][..],
            "is not after --from",
        ),
        (
            &["--from", "0:08:00", "--to", "0:08:00"][..],
            "is not after --from",
        ),
        (
            &["--from", "2:00:00"][..],
            "past the end of the episode (0:10:12)",
        ),
        (&["--to", "0"][..], "very start"),
    ] {
        lib.cmd()
            .args(["show", "talk"])
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(message));
    }
    lib.cmd()
        .args(["show", "talk", "--from", "4:00", "--to", "6:00"])
        .assert()
        .success()
        .stdout(predicate::str::contains("cerebellum"));
}
