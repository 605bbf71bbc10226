//! `cargo fuzz run sniffer`: decoding, the format sniffer and whichever parser it picks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = podgloss::formats::parse_bytes(data);
});
