//! The real binary in a real terminal (tmux): open the sample episode, jump to 1:10:00 and see
//! the range note, select a term and see its definition, search, define a term through the form,
//! quit and find the terminal restored. Skips, saying why, when tmux is absent.

mod common;

use std::time::{Duration, Instant};

use common::TestLibrary;
use common::tmux::Tmux;

#[test]
fn a_reader_session_in_a_real_terminal() {
    let lib = TestLibrary::with_sample();
    let Some(session) = open_sample_in_tmux(&lib, "e2e") else {
        return;
    };

    // Jump to 1:10:00: the range note is in the note pane, its bar along the transcript.
    session.keys(&["t"]);
    session.wait_for("jump to");
    session.type_text("1:10:00");
    session.keys(&["Enter"]);
    let screen = session.wait_for("1:10:00 – 1:22:00");
    assert!(screen.contains("Completely lost"), "{screen}");
    assert!(screen.contains("┃"), "the range bar:\n{screen}");

    // Tab selects a term; its definition shows.
    session.keys(&["Tab"]);
    let screen = session.wait_for("Definition: ");
    assert!(screen.contains("Related:"), "{screen}");

    // Find a phrase in the episode and land on it.
    session.escape();
    session.keys(&["/"]);
    session.wait_for("find in episode");
    session.type_text("\"residual stream\"");
    session.keys(&["Enter"]);
    let screen = session.wait_for("paragraphs match");
    let top_text: String = screen.lines().skip(1).take(3).collect();
    assert!(top_text.to_lowercase().contains("residual"), "{screen}");

    // Define a new term through the form (from the Library, where nothing is selected; the
    // Library's filter takes the letters, so the form is on Ctrl-D there); the file appears in
    // glossary/.
    session.escape();
    session.keys(&["q"]);
    session.wait_for("Library");
    session.keys(&["C-d"]);
    session.wait_for("Define");
    session.type_text("zeitgeber");
    session.keys(&["Tab"]);
    session.type_text("time giver");
    session.keys(&["Tab"]);
    session.type_text("A cue that sets a biological clock.");
    session.keys(&["C-s"]);
    session.wait_for("saved glossary/zeitgeber.md");
    let written = std::fs::read_to_string(lib.root().join("glossary/zeitgeber.md")).unwrap();
    assert!(
        written.contains("# zeitgeber") && written.contains("time giver"),
        "{written}"
    );

    // Quit (Esc: `q` would be typed into the filter); the terminal is restored.
    session.escape();
    let screen = session.wait_for("PODGLOSS-EXITED");
    assert!(!screen.contains("Transcript"), "{screen}");
    assert_eq!(
        session.flag("alternate_on"),
        "0",
        "the alternate screen was left"
    );
}

#[test]
fn a_title_starting_with_q_filters_and_rebound_keys_show_in_the_hints() {
    let lib = TestLibrary::with_sample();
    let home = lib.root().join("home");
    let config = home.join(".config/podgloss");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[keys]\n\"x\" = \"jump\"\n\"t\" = \"none\"\n\":\" = \"none\"\n\
         [field-keys]\n\"ctrl-s\" = \"search\"\n\"ctrl-f\" = \"none\"\n",
    )
    .unwrap();
    let binary = assert_cmd::cargo::cargo_bin!("podgloss");
    let command = format!(
        "env -u PODGLOSS_LIBRARY -u PODGLOSS_CONFIG -u XDG_CONFIG_HOME HOME='{home}' TERM=xterm-256color \
         '{bin}' --library '{lib}'; echo PODGLOSS-EXITED; sleep 30",
        home = home.display(),
        bin = binary.display(),
        lib = lib.root().display(),
    );
    let Some(session) = Tmux::start("e2e-q", 120, 30, &command) else {
        return;
    };
    // The Library's hints come from the keymap: the rebound search key shows, the unbound not.
    let screen = session.wait_for("ctrl-s search");
    assert!(!screen.contains("ctrl-f"), "{screen}");
    session.wait_for("Quantization in five minutes");

    // Every letter of the title goes to the filter; q does not quit.
    session.type_text("quantization in");
    let screen = session.wait_for("filter: quantization in");
    assert!(!screen.contains("PODGLOSS-EXITED"), "{screen}");
    assert!(!screen.contains("Language Models"), "{screen}");
    session.keys(&["Enter"]);
    let screen = session.wait_for("READ");
    assert!(screen.to_lowercase().contains("quantization"), "{screen}");
    // The Reader's hints: the rebound jump key, not the default.
    assert!(screen.contains("x jump"), "{screen}");
    assert!(!screen.contains("t jump"), "{screen}");

    session.keys(&["C-c"]);
    session.wait_for("PODGLOSS-EXITED");
}

#[test]
fn the_copy_key_puts_the_quote_on_the_clipboard_and_says_so() {
    let lib = TestLibrary::with_sample();
    let binary = assert_cmd::cargo::cargo_bin!("podgloss");
    let command = format!(
        "env -u PODGLOSS_LIBRARY -u PODGLOSS_CONFIG -u XDG_CONFIG_HOME -u DISPLAY -u WAYLAND_DISPLAY \
         HOME='{home}' TERM=xterm-256color \
         '{bin}' --library '{lib}' open how-language-models-think --at 1:10:00; \
         echo PODGLOSS-EXITED; sleep 30",
        home = lib.root().join("home").display(),
        bin = binary.display(),
        lib = lib.root().display(),
    );
    let Some(tmux) = Tmux::start("copy", 160, 48, &command) else {
        return;
    };
    // tmux takes an application's OSC 52 into a paste buffer with this on.
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.wait_for("Transcript");
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("copied (terminal)");
    assert!(screen.contains("quote at 1:10:0"), "{screen}");
    let buffer = tmux.run(&["show-buffer"]);
    assert!(buffer.starts_with("> "), "{buffer:?}");
    assert!(
        buffer.contains("\n— ") && buffer.contains("How Language Models Think [1:10:0"),
        "{buffer:?}"
    );
    tmux.keys(&["C-c"]);
    tmux.wait_for("PODGLOSS-EXITED");
}

/// The sample episode open in a tmux session of 160x48, or `None` (with the reason printed) when
/// tmux is absent outside CI.
fn open_sample_in_tmux(lib: &TestLibrary, tag: &str) -> Option<Tmux> {
    let binary = assert_cmd::cargo::cargo_bin!("podgloss");
    let command = format!(
        "env -u PODGLOSS_LIBRARY -u PODGLOSS_CONFIG -u XDG_CONFIG_HOME HOME='{home}' TERM=xterm-256color \
         '{bin}' --library '{lib}' open how-language-models-think; echo PODGLOSS-EXITED; sleep 30",
        home = lib.root().join("home").display(),
        bin = binary.display(),
        lib = lib.root().display(),
    );
    let session = Tmux::start(tag, 160, 48, &command)?;
    session.wait_for("Transcript");
    Some(session)
}

impl Tmux {
    /// Sends keys and returns the screen once it has changed, or `None` when it stays the same
    /// for two seconds.
    fn keys_and_change(&self, keys: &[&str]) -> Option<String> {
        let before = self.screen();
        self.keys(keys);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(100));
            let screen = self.screen();
            if screen != before {
                // One more beat, so a frame drawn in parts is read whole.
                std::thread::sleep(Duration::from_millis(100));
                return Some(self.screen());
            }
        }
        None
    }
}

#[test]
fn next_note_always_lands_on_a_shown_note_and_its_term_is_defined() {
    let lib = TestLibrary::with_sample();
    let Some(session) = open_sample_in_tmux(&lib, "notes") else {
        return;
    };
    let mut stops = 0;
    let mut defined_without_tab = 0;
    while let Some(screen) = session.keys_and_change(&["]"]) {
        stops += 1;
        assert!(
            !screen.contains("No note here"),
            "] stop {stops} shows no note:\n{screen}"
        );
        if screen.contains("Definition: ") {
            defined_without_tab += 1;
        }
        assert!(stops < 200, "] never stops");
    }
    assert!(stops >= 19, "] stopped only {stops} times");
    // Notes that link or ask about a glossary term bring up its definition with no Tab pressed.
    assert!(
        defined_without_tab >= 3,
        "only {defined_without_tab} of {stops} note stops showed a definition:\n{}",
        session.screen()
    );
}
