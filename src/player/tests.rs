//! The player against a fake mpv (a thread speaking mpv's JSON IPC on a Unix socket: it records
//! every command and sends the events a test scripts), and against the real mpv when it is
//! installed (`--ao=null`, on a short generated WAV file).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::fake_mpv::FakeMpv;
use super::*;
use crate::library::Episode;
use crate::library::meta::EpisodeMeta;

fn observing() -> Vec<Value> {
    vec![
        json!(["observe_property", 1, "time-pos"]),
        json!(["observe_property", 2, "pause"]),
        json!(["observe_property", 3, "speed"]),
    ]
}

/// An episode folder with `audio.wav` and a transcript, `[timing] offset = "0:30"`.
fn episode_with_audio() -> (tempfile::TempDir, EpisodeEntry) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("transcripts/ep");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("audio.wav"), b"RIFF").unwrap();
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>One.\n\n\
               00:00:05.000 --> 00:00:09.000\n<v Ann>Two.\n\n\
               00:00:10.000 --> 00:00:14.000\n<v Bob>Three.\n";
    std::fs::write(folder.join("transcript.vtt"), vtt).unwrap();
    let meta = EpisodeMeta::parse("[timing]\noffset = \"0:30\"\n").unwrap();
    let entry = EpisodeEntry {
        slug: "ep".into(),
        folder: Some(folder.clone()),
        transcript: folder.join("transcript.vtt"),
        meta,
    };
    (dir, entry)
}

#[test]
fn plays_seeks_pauses_and_changes_speed_over_ipc() {
    let (fake, mpv) = FakeMpv::start();
    let (dir, entry) = episode_with_audio();
    let mut player = Listening::with_mpv(mpv);
    let source = player.play_episode(dir.path(), &entry, 70_000).unwrap();
    let file = std::fs::canonicalize(entry.folder.as_ref().unwrap().join("audio.wav")).unwrap();
    assert_eq!(source, AudioSource::File(file.clone()));
    // The same episode again: a seek, not a new load.
    player.play_episode(dir.path(), &entry, 5_500).unwrap();
    player.toggle_pause().unwrap();
    player.skip(-5_000).unwrap();
    player.skip(15_000).unwrap();
    player.seek(1_000).unwrap();
    assert_eq!(player.step_speed(true).unwrap(), 1.25);
    let mut expected = observing();
    expected.extend([
        json!(["set_property", "start", "70.000"]),
        json!(["loadfile", file.to_string_lossy(), "replace"]),
        json!(["set_property", "pause", false]),
        json!(["seek", 5.5, "absolute"]),
        json!(["set_property", "pause", false]),
        json!(["cycle", "pause"]),
        json!(["seek", -5.0, "relative"]),
        json!(["seek", 15.0, "relative"]),
        json!(["seek", 1.0, "absolute"]),
        json!(["set_property", "speed", 1.25]),
    ]);
    assert_eq!(fake.commands(expected.len()), expected);
    drop(player);
    let mut with_quit = expected.clone();
    with_quit.push(json!(["quit"]));
    assert_eq!(fake.commands(with_quit.len()), with_quit, "quit on drop");
}

#[test]
fn events_arrive_on_the_channel_and_update_the_state() {
    let (fake, mpv) = FakeMpv::start();
    fake.commands(3);
    let mut player = Listening::with_mpv(mpv);
    fake.send_event(json!({"event":"property-change","id":1,"name":"time-pos","data":61.5}));
    fake.send_event(json!({"event":"property-change","id":2,"name":"pause","data":false}));
    fake.send_event(json!({"event":"property-change","id":3,"name":"speed","data":3.0}));
    fake.send_event(json!({"event":"end-file","reason":"error","file_error":"no such file"}));
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut events = Vec::new();
    while events.len() < 4 && Instant::now() < deadline {
        events.extend(player.drain_events());
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        events,
        [
            PlayerEvent::Time(61_500),
            PlayerEvent::Paused(false),
            PlayerEvent::Speed(3.0),
            PlayerEvent::Failed("no such file".into()),
        ]
    );
    let state = player.state().unwrap();
    assert_eq!(
        state,
        PlaybackState {
            time_ms: Some(61_500),
            paused: false,
            speed: 3.0
        }
    );
    // At 3x, faster stays 3x.
    assert_eq!(player.step_speed(true).unwrap(), 3.0);
    assert_eq!(fake.commands(4)[3], json!(["set_property", "speed", 3.0]));
}

#[test]
fn a_hostile_source_never_reaches_the_player() {
    let (fake, mpv) = FakeMpv::start();
    let (dir, mut entry) = episode_with_audio();
    std::fs::remove_file(entry.folder.as_ref().unwrap().join("audio.wav")).unwrap();
    let mut player = Listening::with_mpv(mpv);
    for hostile in [
        "--log-file=/tmp/pwned",
        "javascript:alert(1)",
        "/etc/passwd",
    ] {
        entry.meta.sources.audio = Some(hostile.into());
        let err = player.play_episode(dir.path(), &entry, 0).unwrap_err();
        assert!(matches!(err, PlayerError::NoSource(_)), "{hostile}: {err}");
    }
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(
        fake.commands(3),
        observing(),
        "nothing but the observers was sent"
    );
}

#[test]
fn the_offset_holds_both_ways() {
    let (fake, mpv) = FakeMpv::start();
    let (dir, entry) = episode_with_audio();
    let episode = Episode::load(&entry).unwrap();
    // "Two." is at 0:05 in the file, 0:35 in the audio (offset 0:30).
    let two = &episode.transcript.segments[1];
    assert_eq!(two.start, 35_000);
    let mut player = Listening::with_mpv(mpv);
    player.play_episode(dir.path(), &entry, two.start).unwrap();
    assert_eq!(
        fake.commands(4)[3],
        json!(["set_property", "start", "35.000"])
    );
    fake.send_event(json!({"event":"property-change","id":1,"name":"time-pos","data":36.2}));
    let deadline = Instant::now() + Duration::from_secs(5);
    while player.state().unwrap().time_ms.is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let at = playing_at(&episode, player.state().unwrap().time_ms.unwrap()).unwrap();
    assert_eq!(at.segment, 1);
    assert_eq!(
        episode.paragraphs[at.paragraph].speaker.as_deref(),
        Some("Ann")
    );
    assert_eq!(playing_at(&episode, 0), None, "before the first line");
    let three = playing_at(&episode, 41_000).unwrap();
    assert_eq!(
        (
            three.segment,
            episode.paragraphs[three.paragraph].speaker.as_deref()
        ),
        (2, Some("Bob"))
    );
}

#[test]
fn without_mpv_the_error_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let options = MpvOptions {
        program: dir.path().join("no-such-mpv"),
        extra_args: Vec::new(),
        notify: None,
    };
    let err = Mpv::start(&options, dir.path()).err().unwrap();
    assert_eq!(err, PlayerError::NotInstalled);
    assert!(err.to_string().contains("apt install mpv"), "{err}");
}

/// A 3-second 8 kHz mono WAV of a quiet tone: enough for mpv to play and report times.
fn write_wav(path: &std::path::Path, seconds: u32) {
    let rate = 8000u32;
    let samples = rate * seconds;
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + samples * 2).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&rate.to_le_bytes());
    bytes.extend_from_slice(&(rate * 2).to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&(samples * 2).to_le_bytes());
    for i in 0..samples {
        let sample =
            ((i as f64 * 440.0 * std::f64::consts::TAU / rate as f64).sin() * 2000.0) as i16;
        bytes.extend_from_slice(&sample.to_le_bytes());
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn real_mpv_plays_seeks_and_reports_time() {
    if !program_on_path("mpv") {
        eprintln!("skipped: mpv is not installed (apt install mpv)");
        return;
    }
    let (dir, entry) = episode_with_audio();
    write_wav(&entry.folder.as_ref().unwrap().join("audio.wav"), 20);
    let options = MpvOptions {
        program: "mpv".into(),
        extra_args: vec!["--ao=null".into(), "--no-config".into()],
        notify: None,
    };
    let state_dir = dir.path().join(".podgloss");
    std::fs::create_dir_all(&state_dir).unwrap();
    let mut player = Listening::new(options, &state_dir);
    player.play_episode(dir.path(), &entry, 10_000).unwrap();
    let reached = |player: &mut Listening, at_least: u64, below: u64| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            player.drain_events();
            if let Some(PlaybackState {
                time_ms: Some(t), ..
            }) = player.state()
            {
                if (at_least..below).contains(&t) {
                    return t;
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!(
            "mpv never reported a time in {at_least}..{below}: {:?}",
            player.state()
        );
    };
    let started = reached(&mut player, 10_000, 13_000);
    assert!(started >= 10_000, "{started}");
    // The latency the Reader's follow mode sees: a seek sent, the new `time-pos` back.
    let sent = Instant::now();
    player.seek(2_000).unwrap();
    reached(&mut player, 2_000, 5_000);
    eprintln!(
        "seek to time-pos latency: {} ms",
        sent.elapsed().as_millis()
    );
    player.toggle_pause().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !player.state().unwrap().paused && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(player.state().unwrap().paused, "paused");
    player.step_speed(false).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while player.state().unwrap().speed != 0.75 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(player.state().unwrap().speed, 0.75);
    player.quit();
}

#[test]
fn real_mpv_plays_the_bundled_sample_from_one_minute() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let library = crate::library::Library::new(root);
    let Ok(entry) = library.find("tokens-and-embeddings") else {
        eprintln!("skipped: the bundled sample episode is not there");
        return;
    };
    if !program_on_path("mpv") {
        eprintln!("skipped: mpv is not installed (apt install mpv)");
        return;
    }
    let episode = Episode::load(&entry).unwrap();
    let state_dir = tempfile::tempdir().unwrap();
    let options = MpvOptions {
        program: "mpv".into(),
        extra_args: vec!["--ao=null".into(), "--no-config".into()],
        notify: None,
    };
    let mut player = Listening::new(options, state_dir.path());
    let source = player.play_episode(root, &entry, 60_000).unwrap();
    assert!(
        matches!(&source, AudioSource::File(p) if p.ends_with("audio.opus")),
        "the bundled audio, not the example.com enclosure: {source}"
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let time = loop {
        player.drain_events();
        match player.state().and_then(|s| s.time_ms) {
            Some(t) if t >= 60_000 => break t,
            _ if Instant::now() > deadline => panic!("no time from mpv: {:?}", player.state()),
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    assert!(time < 63_000, "{time}");
    let at = playing_at(&episode, time).unwrap();
    let segment = &episode.transcript.segments[at.segment];
    assert!(
        segment.start <= time && time < 75_000,
        "the playing segment starts at {} for {time}",
        segment.start
    );
    player.quit();
}

#[test]
fn the_socket_lives_in_a_private_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (path, folder) = super::mpv::socket_path_for_tests(dir.path()).unwrap();
    let folder = folder.unwrap();
    assert!(path.starts_with(dir.path()), "{}", path.display());
    let mode = std::fs::metadata(folder.path())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o700);
    let long = dir.path().join("x".repeat(120));
    std::fs::create_dir(&long).unwrap();
    let (path, _folder) = super::mpv::socket_path_for_tests(&long).unwrap();
    assert!(path.as_os_str().len() <= 100, "{}", path.display());
}
