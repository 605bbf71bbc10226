//! `cargo fuzz run config`: the config file (`config.toml`, rebindable keys).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podgloss::tui::config::keymap_from_text(&text, "config.toml");
});
