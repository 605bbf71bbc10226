//! The study desk in a real terminal (tmux), as a new user meets it: the seed user's notes
//! imported into the sample, `u` lists the ones without a place, `e` opens `$EDITOR` at the
//! chosen note's line (a fake editor records what it was given), and a paste, Ctrl-C and a panic
//! all leave the terminal as it was, with what was typed into a form kept. Skips, saying why,
//! when tmux or the seed notes are absent.

mod common;

use std::path::Path;

use common::TestLibrary;
use common::tmux::{Tmux, wait_for_file};
use podgloss::glossary::load_glossary;
use podgloss::library::{Episode, Library};
use podgloss::notes::parse_notes;
use podgloss::notes::view::{Placement, view_notes};

const SLUG: &str = "how-language-models-think";

/// `podgloss` in the library, with `env` settings, then a marker and a pause so the pane stays
/// to be read after it ends.
fn podgloss_command(lib: &TestLibrary, env: &str, args: &str) -> String {
    let binary = assert_cmd::cargo::cargo_bin!("podgloss");
    format!(
        "env -u PODGLOSS_LIBRARY -u PODGLOSS_CONFIG -u XDG_CONFIG_HOME -u EDITOR -u VISUAL \
         HOME='{home}' TERM=xterm-256color {env} '{bin}' --library '{lib}' {args}; \
         echo PODGLOSS-EXITED; sleep 60",
        home = lib.root().join("home").display(),
        bin = binary.display(),
        lib = lib.root().display(),
    )
}

/// The notes of the episode the list should offer: no place, or an unsure one; with their lines.
fn expected_unplaced(root: &Path) -> Vec<(usize, String)> {
    let library = Library::new(root);
    let entry = library.find(SLUG).unwrap();
    let episode = Episode::load(&entry).unwrap();
    let text = std::fs::read_to_string(root.join(format!("transcripts/{SLUG}/notes.md"))).unwrap();
    let (glossary, _) = load_glossary(&library.glossary_dir());
    view_notes(&parse_notes(&text), &episode.paragraphs, &glossary)
        .into_iter()
        .filter(|v| v.placement == Placement::None || v.placement.is_guess())
        .map(|v| (v.note.line, v.note.text))
        .collect()
}

/// The pane is back in normal mode: the alternate screen left, and typed text echoed by the
/// terminal (raw mode is off) without bracketed-paste markers around a paste.
fn assert_terminal_restored(tmux: &Tmux) {
    tmux.wait_for("PODGLOSS-EXITED");
    assert_eq!(
        tmux.flag("alternate_on"),
        "0",
        "the alternate screen was left"
    );
    assert_eq!(tmux.flag("cursor_flag"), "1", "the cursor is shown");
    tmux.type_text("echo-after-exit");
    tmux.wait_for("echo-after-exit");
    tmux.paste("pasted-after-exit");
    let screen = tmux.wait_for("pasted-after-exit");
    assert!(
        !screen.contains("200~"),
        "bracketed paste is still on:\n{screen}"
    );
}

#[test]
fn the_seed_users_unplaced_notes_are_listed_placed_and_edited_at_their_line() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared (the seed notes) is absent");
        return;
    };
    let seed = shared.join("seed/notes-sholto-trenton.txt");
    let lib = TestLibrary::with_sample();
    std::fs::remove_file(lib.root().join(format!("transcripts/{SLUG}/notes.md"))).unwrap();
    lib.cmd()
        .args(["notes", "import"])
        .arg(&seed)
        .args(["--episode", SLUG])
        .assert()
        .success();
    let unplaced = expected_unplaced(lib.root());
    assert!(!unplaced.is_empty(), "the seed notes have unplaced notes");
    let (first_line, first_text) = unplaced[0].clone();

    // A fake editor named like one that takes `+LINE`: it records its arguments.
    let bin = lib.root().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let argv = lib.root().join("editor-argv.txt");
    let editor = bin.join("nvim");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", argv.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();

    let command = podgloss_command(
        &lib,
        &format!("EDITOR='{}'", editor.display()),
        &format!("open {SLUG} --at 30:00"),
    );
    let Some(tmux) = Tmux::start("desk", 160, 48, &command) else {
        return;
    };
    // The notes pane names the key (the footer may have no room left for its hint once the
    // listening keys are there).
    tmux.wait_for("without a sure place (u lists");
    tmux.keys(&["u"]);
    let screen = tmux.wait_for("Notes without a place");
    assert!(
        screen.contains(&format!("· {} ·", unplaced.len())),
        "{} unplaced:\n{screen}",
        unplaced.len()
    );
    let opening: String = first_text.chars().take(40).collect();
    assert!(
        screen.contains(opening.trim()),
        "{opening:?} is not listed:\n{screen}"
    );
    assert!(screen.contains(&format!("line {first_line}")), "{screen}");

    // `e`: the editor gets `+LINE -- FILE` for the selected (first) note.
    tmux.keys(&["e"]);
    let args = wait_for_file(&argv);
    let notes = lib.root().join(format!("transcripts/{SLUG}/notes.md"));
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [
            format!("+{first_line}").as_str(),
            "--",
            notes.to_str().unwrap()
        ]
    );
    tmux.wait_for("back from editing");
    tmux.wait_for("Notes without a place");

    // Enter places the note at the Reader's time (30:00).
    let before = std::fs::read_to_string(&notes).unwrap();
    tmux.keys(&["Enter"]);
    tmux.wait_for("pinned note");
    let after = std::fs::read_to_string(&notes).unwrap();
    // Only the stamp was added (`[0:29:56] `: the segment the Reader opened on for 30:00).
    let at = before
        .bytes()
        .zip(after.bytes())
        .position(|(a, b)| a != b)
        .unwrap();
    let stamp = &after[at..at + "[0:29:56] ".len()];
    assert!(
        stamp.starts_with("[0:") && stamp.ends_with("] "),
        "{stamp:?}"
    );
    assert_eq!(format!("{}{stamp}{}", &before[..at], &before[at..]), after);
    let screen = tmux.wait_for(&format!("· {} ·", unplaced.len() - 1));
    assert!(!screen.contains(opening.trim()), "{screen}");

    tmux.keys(&["C-c"]);
    assert_terminal_restored(&tmux);
}

#[test]
fn a_paste_arrives_whole_and_ctrl_c_and_a_panic_give_the_terminal_back() {
    let lib = TestLibrary::with_sample();
    // Ctrl-C: a 3,600-character paste into the Search box, then quit at once.
    let command = podgloss_command(&lib, "", "");
    let Some(tmux) = Tmux::start("paste", 160, 48, &command) else {
        return;
    };
    tmux.wait_for("Library");
    tmux.keys(&["C-f"]);
    tmux.wait_for("type a query");
    let pasted = format!("{}attention", "residual ".repeat(400));
    tmux.paste(&pasted);
    tmux.wait_for("residual residual");
    tmux.keys(&["C-c"]);
    assert_terminal_restored(&tmux);
    drop(tmux);

    // A panic (debug builds: F12 with PODGLOSS_TEST_PANIC_KEY) with a note form open: the
    // terminal comes back and the typed text is kept as a draft.
    let command = podgloss_command(&lib, "PODGLOSS_TEST_PANIC_KEY=f12", &format!("open {SLUG}"));
    let Some(tmux) = Tmux::start("panic", 160, 48, &command) else {
        return;
    };
    tmux.wait_for("Transcript");
    tmux.keys(&["a"]);
    tmux.wait_for("Add a note");
    tmux.type_text("typed before the crash");
    tmux.wait_for("typed before the crash");
    tmux.keys(&["F12"]);
    let screen = tmux.wait_for("PODGLOSS-EXITED");
    assert!(screen.contains("panic on purpose"), "{screen}");
    assert_terminal_restored(&tmux);
    drop(tmux);

    // The next time the form opens, the text is offered back.
    let command = podgloss_command(&lib, "", &format!("open {SLUG}"));
    let Some(tmux) = Tmux::start("draft", 160, 48, &command) else {
        return;
    };
    tmux.wait_for("Transcript");
    tmux.keys(&["a"]);
    let screen = tmux.wait_for("is back");
    assert!(screen.contains("typed before the crash"), "{screen}");
    tmux.escape();
    tmux.wait_for("discard typed text?");
    tmux.keys(&["y"]);
    tmux.wait_for("discarded");
    // The drafts thread deletes it once typing has paused.
    let draft = lib
        .root()
        .join(format!(".podgloss/drafts/note-{SLUG}.json"));
    let started = std::time::Instant::now();
    while draft.exists() && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(!draft.exists(), "the discarded draft is still there");
    tmux.keys(&["C-c"]);
    assert_terminal_restored(&tmux);
}
