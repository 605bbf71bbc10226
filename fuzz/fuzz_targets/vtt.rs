//! `cargo fuzz run vtt`: WebVTT, plain and YouTube's rolling captions.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podgloss::formats::vtt::parse(&text);
    let _ = podgloss::formats::youtube_vtt::parse(&text);
});
