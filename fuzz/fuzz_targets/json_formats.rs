//! `cargo fuzz run json_formats`: the JSON transcript formats (Podcasting 2.0, Whisper, whisper.cpp, YouTube json3).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podgloss::formats::podcasting20_json::parse(&text);
    let _ = podgloss::formats::whisper::parse_json(&text);
    let _ = podgloss::formats::whisper::parse_cpp_json(&text);
    let _ = podgloss::formats::youtube_json3::parse(&text);
});
