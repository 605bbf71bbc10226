//! `cargo fuzz run notes`: notes.md, and the only two writes podgloss makes to it (appending a
//! note, pinning a time), which must keep every byte of the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = podgloss::notes::parse_notes(&text);
    let appended = podgloss::notes::append_note(&text, "a new note 1:02:03?");
    assert!(appended.starts_with(&*text));
    if let Some(note) = file.notes.first() {
        let pinned = podgloss::notes::pin_anchor(&text, note.range.clone(), 360_000_000);
        let pinned = pinned.expect("a range from the parse is in the file");
        assert_eq!(pinned.len(), text.len() + "[100:00:00] ".len());
    }
});
