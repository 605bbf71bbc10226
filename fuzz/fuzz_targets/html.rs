//! `cargo fuzz run html`: Podcasting 2.0 HTML transcripts and transcript pages.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podgloss::formats::podcasting20_html::parse(&text);
    let _ = podgloss::import::web::page::read_page(&text);
    let _ = podgloss::import::web::document::read_document(data, false);
});
