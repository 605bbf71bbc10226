//! An episode's audio: where it is ([`source`]) and how it gets into the episode folder for
//! offline listening ([`fetch`]).

pub mod fetch;
pub mod source;

pub use source::{AudioSource, resolve_audio};

/// Extensions of files mpv plays for listening along (video files play their sound track).
pub const AUDIO_EXTENSIONS: &[&str] = &[
    "mp3", "m4a", "m4b", "aac", "ogg", "oga", "opus", "flac", "wav", "mka", "mp4", "m4v", "webm",
    "mkv", "mov",
];

/// Whether `path` has an audio or video file's extension.
pub fn is_audio_file(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| AUDIO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}
