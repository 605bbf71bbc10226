//! Listening along, driven by keys against a fake mpv (a thread speaking mpv's JSON IPC): the
//! commands each key sends, the Reader following the `time-pos` events, leaving and returning
//! to follow mode, notes at the playing moment, and the message without mpv.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

use super::{Harness, app, key, reader, render, typed};
use crate::player::fake_mpv::FakeMpv;
use crate::player::{Listening, Mpv, MpvOptions, playing_at};
use crate::tui::app::{App, Overlay};
use crate::tui::command::Command;

const SLUG: &str = "tokens-and-embeddings";

/// The app with the sample episode that has audio open at `at`, its player commands going to
/// a fake mpv.
fn listening_app(at: u64) -> (tempfile::TempDir, Harness, FakeMpv) {
    listening_app_after(at, |_| {})
}

/// [`listening_app`], after `prepare` changed the library's copy.
fn listening_app_after(
    at: u64,
    prepare: impl FnOnce(&std::path::Path),
) -> (tempfile::TempDir, Harness, FakeMpv) {
    let (dir, mut app) = app(160, 48);
    prepare(dir.path());
    let (fake, socket) = FakeMpv::listen();
    app.executor.with_player(move |notify| {
        Listening::with_mpv(Mpv::connect_notifying(&socket, Some(notify)).unwrap())
    });
    app.run(Command::LoadEpisode {
        slug: SLUG.into(),
        at: Some(at),
    });
    app.settle();
    assert_eq!(reader(&app).episode.entry.slug, SLUG);
    // The player connected and asked for the properties it follows.
    assert_eq!(fake.commands(3).len(), 3);
    (dir, app, fake)
}

/// Settles until `done` holds (the player's reports arrive from its thread).
fn settle_until(app: &mut Harness, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        app.settle();
        if done(&app.app) {
            return;
        }
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The commands the fake received after the three observers, once there are `n` of them.
fn sent(fake: &FakeMpv, n: usize) -> Vec<Value> {
    fake.commands(3 + n).split_off(3)
}

fn time_pos(fake: &FakeMpv, app: &mut Harness, seconds: f64) {
    fake.send_event(json!({"event":"property-change","id":1,"name":"time-pos","data":seconds}));
    let ms = (seconds * 1000.0).round() as u64;
    settle_until(app, "the playing time arrives", |app| {
        app.playback.time == Some(ms)
    });
}

fn audio_file(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("transcripts").join(SLUG).join("audio.opus");
    std::fs::canonicalize(path)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn status_line(app: &mut Harness) -> String {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    let y = buffer.area.height - 1;
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn the_listening_keys_send_mpv_commands() {
    let (dir, mut app, fake) = listening_app(60_000);
    let from = reader(&app).current_time();
    key(&mut app, KeyCode::Char(' '));
    settle_until(&mut app, "playing", |app| app.playback.has(SLUG));
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Char('.'));
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Char('-'));
    // `o` on another line of the same episode: a seek, mpv is not started again.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('o'));
    let expected = vec![
        json!([
            "set_property",
            "start",
            format!("{:.3}", from as f64 / 1000.0)
        ]),
        json!(["loadfile", audio_file(&dir), "replace"]),
        json!(["set_property", "pause", false]),
        json!(["cycle", "pause"]),
        json!(["seek", -5.0, "relative"]),
        json!(["seek", 15.0, "relative"]),
        json!(["set_property", "speed", 1.25]),
        json!(["set_property", "speed", 0.75]),
        json!(["seek", 1.15, "absolute"]),
        json!(["set_property", "pause", false]),
    ];
    assert_eq!(sent(&fake, expected.len()), expected);
}

#[test]
fn the_reader_follows_the_playing_time_until_scrolled_away() {
    let (_dir, mut app, fake) = listening_app(0);
    key(&mut app, KeyCode::Char(' '));
    settle_until(&mut app, "playing", |app| app.playback.has(SLUG));
    fake.send_event(json!({"event":"property-change","id":2,"name":"pause","data":false}));
    for seconds in [61.0, 95.5, 130.0] {
        time_pos(&fake, &mut app, seconds);
        let r = reader(&app);
        let at = playing_at(&r.episode, (seconds * 1000.0) as u64).unwrap();
        assert_eq!(r.position.paragraph, at.paragraph, "at {seconds}s");
        assert!(r.is_following());
        let (segment, _) = r.playing_marks(at.paragraph).unwrap();
        assert!(!segment.is_empty());
    }
    let line = status_line(&mut app);
    assert!(line.contains("▶ 2:10 1x"), "{line}");
    // The playing segment is marked on screen.
    let terminal = render(&mut app);
    let marked = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| c.bg == crate::tui::theme::playing().bg.unwrap())
        .count();
    assert!(marked > 20, "{marked} marked cells");

    // Scrolling by hand leaves follow mode; the audio goes on and the view stays.
    key(&mut app, KeyCode::Char('G'));
    let away = reader(&app).position;
    time_pos(&fake, &mut app, 140.0);
    assert_eq!(reader(&app).position, away);
    assert!(!reader(&app).is_following());
    let line = status_line(&mut app);
    assert!(line.contains("follow off · f follows"), "{line}");
    // One key returns to the playing paragraph.
    key(&mut app, KeyCode::Char('f'));
    let r = reader(&app);
    let at = playing_at(&r.episode, 140_000).unwrap();
    assert_eq!(r.position.paragraph, at.paragraph);
    assert!(r.is_following());
    assert!(!status_line(&mut app).contains("follow off"));

    // The jump prompt seeks the audio too, and the view follows from there.
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "5:00");
    key(&mut app, KeyCode::Enter);
    let commands = sent(&fake, 4);
    assert_eq!(commands[3], json!(["seek", 300.0, "absolute"]));
    assert!(reader(&app).is_following());
}

#[test]
fn notes_take_the_playing_time_and_the_just_heard_key_a_range() {
    let (dir, mut app, fake) = listening_app(0);
    key(&mut app, KeyCode::Char(' '));
    settle_until(&mut app, "playing", |app| app.playback.has(SLUG));
    fake.send_event(json!({"event":"property-change","id":2,"name":"pause","data":false}));
    time_pos(&fake, &mut app, 75.4);
    key(&mut app, KeyCode::Char('a'));
    let prefill = |app: &Harness| match &app.overlay {
        Some(Overlay::Note(form)) => form.value(),
        _ => panic!("no note form"),
    };
    assert_eq!(prefill(&app), "[1:15] ");
    key(&mut app, KeyCode::Esc);

    key(&mut app, KeyCode::Char('A'));
    assert_eq!(prefill(&app), "[0:45-1:15] ");
    // The audio pauses while the note is typed.
    assert_eq!(sent(&fake, 4)[3], json!(["set_property", "pause", true]));
    typed(&mut app, "lost the thread here");
    super::ctrl(&mut app, 's');
    let notes = std::fs::read_to_string(dir.path().join("transcripts").join(SLUG).join("notes.md"))
        .unwrap();
    assert!(
        notes.contains("[0:45-1:15] lost the thread here"),
        "{notes}"
    );
}

#[test]
fn without_mpv_one_message_says_how_to_install_it_and_gives_the_source() {
    let (_dir, mut app) = app(160, 48);
    let missing = tempfile::tempdir().unwrap();
    let program = missing.path().join("no-mpv-here");
    let state = missing.path().to_path_buf();
    app.executor.with_player(move |notify| {
        let options = MpvOptions {
            program,
            extra_args: Vec::new(),
            notify: Some(notify),
        };
        Listening::new(options, &state)
    });
    app.run(Command::LoadEpisode {
        slug: SLUG.into(),
        at: Some(60_000),
    });
    app.settle();
    key(&mut app, KeyCode::Char(' '));
    settle_until(&mut app, "the refusal", |app| {
        app.status.as_ref().is_some_and(|s| s.is_error())
    });
    let status = app.status.clone().unwrap();
    assert!(status.is_error());
    assert!(status.text.contains("apt install mpv"), "{}", status.text);
    assert!(
        status
            .text
            .contains("the source: https://example.com/smc/tokens-and-embeddings"),
        "{}",
        status.text
    );
    assert_eq!(app.playback.slug, None);
    // `o` says the same, with the source at the line's time.
    key(&mut app, KeyCode::Char('g'));
    app.status = None;
    key(&mut app, KeyCode::Char('o'));
    settle_until(&mut app, "the refusal", |app| {
        app.status.as_ref().is_some_and(|s| s.is_error())
    });
    let status = app.status.clone().unwrap();
    assert!(status.text.contains("apt install mpv"), "{}", status.text);
}

#[test]
fn the_episode_offset_holds_both_ways() {
    // The audio has 30 s more at its start than the transcript knows of.
    let (_dir, mut app, fake) = listening_app_after(0, |root| {
        let toml = root.join("transcripts").join(SLUG).join("episode.toml");
        let mut text = std::fs::read_to_string(&toml).unwrap();
        text.push_str("\n[timing]\noffset = \"0:30\"\n");
        std::fs::write(toml, text).unwrap();
    });
    // The first line is at 0:01.15 in the transcript file, so at 0:31.15 in the audio.
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(
        sent(&fake, 1)[0],
        json!(["set_property", "start", "31.150"])
    );
    settle_until(&mut app, "playing", |app| app.playback.has(SLUG));
    // 1:31 in the audio is 1:01 in the file: Kofi's answer (0:50-1:31 in the file).
    time_pos(&fake, &mut app, 91.0);
    let r = reader(&app);
    let playing = &r.episode.paragraphs[r.position.paragraph];
    assert!(
        playing.text.starts_with("A token is a chunk"),
        "{}",
        playing.text
    );
    key(&mut app, KeyCode::Char('a'));
    match &app.overlay {
        Some(Overlay::Note(form)) => assert_eq!(form.value(), "[1:31] "),
        _ => panic!("no note form"),
    }
}
