//! A fake mpv for tests: a thread speaking mpv's JSON IPC on a Unix socket, recording every
//! command it receives and sending the events a test scripts.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::Mpv;

/// A fake mpv: records each command array it receives and answers `success`.
pub struct FakeMpv {
    _dir: tempfile::TempDir,
    commands: Arc<Mutex<Vec<Value>>>,
    /// The connection, to send events as mpv would.
    stream: Arc<Mutex<Option<UnixStream>>>,
}

impl FakeMpv {
    /// A fake mpv and a player connected to it.
    pub fn start() -> (FakeMpv, Mpv) {
        let (fake, path) = FakeMpv::listen();
        let mpv = Mpv::connect(&path).unwrap();
        (fake, mpv)
    }

    /// A fake mpv listening on a socket; connect to the path returned (once).
    pub fn listen() -> (FakeMpv, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mpv.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let commands = Arc::new(Mutex::new(Vec::new()));
        let stream = Arc::new(Mutex::new(None));
        let (log, slot) = (Arc::clone(&commands), Arc::clone(&stream));
        std::thread::spawn(move || {
            let (conn, _) = listener.accept().unwrap();
            *slot.lock().unwrap() = Some(conn.try_clone().unwrap());
            for line in BufReader::new(conn).lines() {
                let Ok(line) = line else { break };
                let message: Value = serde_json::from_str(&line).unwrap();
                log.lock().unwrap().push(message["command"].clone());
                let reply = json!({"request_id": message["request_id"], "error": "success"});
                // One write under the lock, so a reply never splits an event line.
                if let Some(out) = slot.lock().unwrap().as_mut() {
                    let _ = out.write_all(format!("{reply}\n").as_bytes());
                }
            }
        });
        let fake = FakeMpv {
            _dir: dir,
            commands,
            stream,
        };
        (fake, path)
    }

    /// Waits until `n` commands arrived, then returns them all.
    pub fn commands(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let commands = self.commands.lock().unwrap().clone();
            if commands.len() >= n || Instant::now() > deadline {
                return commands;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn send_event(&self, event: Value) {
        let mut slot = self.stream.lock().unwrap();
        let line = format!("{event}\n");
        slot.as_mut().unwrap().write_all(line.as_bytes()).unwrap();
    }
}
