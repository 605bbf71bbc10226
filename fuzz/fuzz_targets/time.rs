//! `cargo fuzz run time`: time expressions (1:10:00, 70m, 4200s) and time stamps.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podgloss::model::time::parse_time_spec(&text);
    let _ = podgloss::model::time::parse_time(&text);
});
