//! `cargo fuzz run notes`: notes.md.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podgloss::notes::parse_notes(&text);
});
