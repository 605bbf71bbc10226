//! `cargo fuzz run timestamped`: timestamped text and Markdown transcripts, and Whisper TSV.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podgloss::formats::timestamped::parse_text(&text);
    let _ = podgloss::formats::timestamped::parse_markdown(&text);
    let _ = podgloss::formats::whisper::parse_tsv(&text);
});
