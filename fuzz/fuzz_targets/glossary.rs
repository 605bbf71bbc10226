//! `cargo fuzz run glossary`: glossary entries: front matter and Markdown.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let fingerprint = podgloss::glossary::Fingerprint::of(data, None);
    let _ = podgloss::glossary::Entry::parse(std::path::Path::new("x.md"), &text, fingerprint);
});
