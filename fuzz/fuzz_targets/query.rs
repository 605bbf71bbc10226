//! `cargo fuzz run query`: the search query language, strict and lenient.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    use podgloss::search::query::{Mode, parse};
    let _ = parse(&text, Mode::Strict);
    let _ = parse(&text, Mode::Lenient);
});
