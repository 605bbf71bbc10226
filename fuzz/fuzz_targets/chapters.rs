//! `cargo fuzz run chapters`: Podcasting 2.0 chapters JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podgloss::formats::chapters_json::parse_chapters_json(&text);
});
