//! `cargo fuzz run feed`: podcast feeds (RSS, Atom, JSON Feed) and their dates.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = podgloss::import::web::feed::parse_feed(data);
    let text = String::from_utf8_lossy(data);
    let _ = podgloss::import::web::feed::parse_pub_date(&text);
});
