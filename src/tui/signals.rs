//! SIGTERM and SIGHUP (a `kill`, a closed terminal window) end the UI the way quitting does:
//! the event loop hears of them as a message, so the terminal is restored, drafts are written
//! and mpv is stopped, and then the process ends by the same signal, as its parent expects.
//! (SIGKILL cannot be caught: then the kernel stops mpv, see `player::mpv`.)

use std::sync::mpsc::Sender;

use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

/// Sends each SIGTERM or SIGHUP to `sender` as `wrap(signal)`, from a thread of its own. Once
/// nobody listens (the UI has ended), a signal does what it would have done without podgloss:
/// it ends the process. `false` when the handlers could not be installed.
pub fn forward<T: Send + 'static>(
    sender: Sender<T>,
    wrap: impl Fn(i32) -> T + Send + 'static,
) -> bool {
    let Ok(mut signals) = Signals::new([SIGTERM, SIGHUP]) else {
        return false;
    };
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if sender.send(wrap(signal)).is_err() {
                    end_by(signal);
                }
            }
        })
        .is_ok()
}

/// Ends the process by `signal`'s default action (termination), as if podgloss had not caught
/// it; exits with 128 + the signal's number should that fail.
pub fn end_by(signal: i32) -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    std::process::exit(128 + signal)
}
