//! mpv's JSON IPC, the protocol half: the commands podgloss sends, encoded, and the messages
//! mpv sends back, parsed into [`PlayerEvent`]s. Pure functions, so the exact bytes on the wire
//! are tested without a player. Sources travel as JSON strings inside a command's argument
//! array: whatever a feed put in them, mpv reads a file name, never an option.

use serde_json::{Value, json};

/// Property ids podgloss observes (`observe_property`); mpv echoes them in each change.
pub const OBSERVED: &[(u64, &str)] = &[(1, "time-pos"), (2, "pause"), (3, "speed")];

/// The slowest and fastest playback speeds offered.
pub const MIN_SPEED: f64 = 0.5;
pub const MAX_SPEED: f64 = 3.0;

/// What the player reports.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerEvent {
    /// The playing position, in milliseconds of the episode's audio.
    Time(u64),
    Paused(bool),
    Speed(f64),
    /// A file was opened and plays (or waits, paused).
    Loaded,
    /// The file ended (`eof`) or stopped.
    Ended,
    /// mpv could not play the file; the reason as mpv gave it.
    Failed(String),
    /// mpv answered a command with an error.
    CommandFailed {
        request_id: u64,
        error: String,
    },
    /// The connection to mpv is gone (mpv quit or crashed).
    Gone,
}

/// One command as the line sent to mpv (newline included).
pub fn encode(args: Value, request_id: u64) -> String {
    let mut line = json!({ "command": args, "request_id": request_id }).to_string();
    line.push('\n');
    line
}

pub fn loadfile(source: &str) -> Value {
    json!(["loadfile", source, "replace"])
}

/// Where the next `loadfile` starts; set just before each load, since mpv's `loadfile` option
/// syntax changed between versions (0.38 added an index argument) and `start` did not.
pub fn set_start(seconds: f64) -> Value {
    json!(["set_property", "start", format!("{seconds:.3}")])
}

pub fn seek_absolute(seconds: f64) -> Value {
    json!(["seek", seconds, "absolute"])
}

pub fn seek_relative(seconds: f64) -> Value {
    json!(["seek", seconds, "relative"])
}

pub fn set_pause(paused: bool) -> Value {
    json!(["set_property", "pause", paused])
}

pub fn toggle_pause() -> Value {
    json!(["cycle", "pause"])
}

pub fn set_speed(speed: f64) -> Value {
    json!(["set_property", "speed", clamp_speed(speed)])
}

pub fn observe(id: u64, name: &str) -> Value {
    json!(["observe_property", id, name])
}

pub fn quit() -> Value {
    json!(["quit"])
}

/// A speed in the offered range; a NaN (from arithmetic gone wrong) is normal speed.
pub fn clamp_speed(speed: f64) -> f64 {
    if speed.is_nan() {
        1.0
    } else {
        speed.clamp(MIN_SPEED, MAX_SPEED)
    }
}

/// The next speed up or down: quarter steps near normal speed, half steps above 2x.
pub fn step_speed(current: f64, faster: bool) -> f64 {
    const STEPS: &[f64] = &[0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0];
    let next = if faster {
        STEPS.iter().find(|&&s| s > current + 1e-6)
    } else {
        STEPS.iter().rev().find(|&&s| s < current - 1e-6)
    };
    next.copied().unwrap_or_else(|| clamp_speed(current))
}

/// Seconds (mpv) to milliseconds, with negative and non-finite values at zero.
pub fn seconds_to_ms(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds * 1000.0).round() as u64
    } else {
        0
    }
}

/// Milliseconds to mpv's seconds.
pub fn ms_to_seconds(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

/// Parses one line from mpv. Replies to commands that succeeded, events podgloss does not use
/// and lines that are not JSON give `None`.
pub fn parse_message(line: &str) -> Option<PlayerEvent> {
    let value: Value = serde_json::from_str(line.trim()).ok()?;
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        if error == "success" {
            return None;
        }
        let request_id = value.get("request_id").and_then(Value::as_u64).unwrap_or(0);
        return Some(PlayerEvent::CommandFailed {
            request_id,
            error: crate::formats::text::sanitize_line(error),
        });
    }
    match value.get("event").and_then(Value::as_str)? {
        "property-change" => property_change(&value),
        "file-loaded" => Some(PlayerEvent::Loaded),
        "end-file" => match value.get("reason").and_then(Value::as_str) {
            Some("error") => Some(PlayerEvent::Failed(crate::formats::text::sanitize_line(
                value
                    .get("file_error")
                    .and_then(Value::as_str)
                    .unwrap_or("cannot play this file"),
            ))),
            // `redirect`/`quit`/`stop` come with a following load or quit; `eof` is the end.
            Some("eof") => Some(PlayerEvent::Ended),
            _ => None,
        },
        _ => None,
    }
}

fn property_change(value: &Value) -> Option<PlayerEvent> {
    let data = value.get("data")?;
    match value.get("name").and_then(Value::as_str)? {
        "time-pos" => data.as_f64().map(|s| PlayerEvent::Time(seconds_to_ms(s))),
        "pause" => data.as_bool().map(PlayerEvent::Paused),
        "speed" => data.as_f64().map(PlayerEvent::Speed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_json_lines_with_the_source_as_data() {
        assert_eq!(
            encode(loadfile("--log-file=/tmp/x"), 7),
            "{\"command\":[\"loadfile\",\"--log-file=/tmp/x\",\"replace\"],\"request_id\":7}\n"
        );
        assert_eq!(
            encode(loadfile("a\"b\nc"), 1),
            "{\"command\":[\"loadfile\",\"a\\\"b\\nc\",\"replace\"],\"request_id\":1}\n"
        );
        assert_eq!(seek_absolute(70.5), json!(["seek", 70.5, "absolute"]));
        assert_eq!(
            set_start(4200.0),
            json!(["set_property", "start", "4200.000"])
        );
        assert_eq!(set_speed(9.0), json!(["set_property", "speed", 3.0]));
        assert_eq!(set_speed(0.1), json!(["set_property", "speed", 0.5]));
    }

    #[test]
    fn speeds_step_and_clamp() {
        assert_eq!(step_speed(1.0, true), 1.25);
        assert_eq!(step_speed(1.0, false), 0.75);
        assert_eq!(step_speed(3.0, true), 3.0);
        assert_eq!(step_speed(0.5, false), 0.5);
        assert_eq!(step_speed(1.1, true), 1.25);
        assert_eq!(step_speed(1.1, false), 1.0);
        assert_eq!(clamp_speed(f64::NAN), 1.0);
    }

    #[test]
    fn parses_the_messages_podgloss_uses() {
        let cases = [
            (
                r#"{"event":"property-change","id":1,"name":"time-pos","data":61.2345}"#,
                Some(PlayerEvent::Time(61_235)),
            ),
            (
                r#"{"event":"property-change","id":1,"name":"time-pos","data":-0.02}"#,
                Some(PlayerEvent::Time(0)),
            ),
            (
                r#"{"event":"property-change","id":1,"name":"time-pos"}"#,
                None,
            ),
            (
                r#"{"event":"property-change","id":2,"name":"pause","data":true}"#,
                Some(PlayerEvent::Paused(true)),
            ),
            (
                r#"{"event":"property-change","id":3,"name":"speed","data":1.5}"#,
                Some(PlayerEvent::Speed(1.5)),
            ),
            (r#"{"event":"file-loaded"}"#, Some(PlayerEvent::Loaded)),
            (
                r#"{"event":"end-file","reason":"eof"}"#,
                Some(PlayerEvent::Ended),
            ),
            (
                r#"{"event":"end-file","reason":"error","file_error":"unrecognized file format"}"#,
                Some(PlayerEvent::Failed("unrecognized file format".into())),
            ),
            (r#"{"event":"end-file","reason":"stop"}"#, None),
            (r#"{"request_id":3,"error":"success","data":null}"#, None),
            (
                r#"{"request_id":4,"error":"property not found"}"#,
                Some(PlayerEvent::CommandFailed {
                    request_id: 4,
                    error: "property not found".into(),
                }),
            ),
            (r#"{"event":"audio-reconfig"}"#, None),
            ("not json at all", None),
            ("", None),
        ];
        for (line, expected) in cases {
            assert_eq!(parse_message(line), expected, "{line}");
        }
    }
}
