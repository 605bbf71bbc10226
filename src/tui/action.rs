//! What a key press means, independent of which key it was: keymaps are data, and a screen's
//! `act` turns an action into state changes and commands, never I/O.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    LineDown,
    LineUp,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    /// Open the jump-to-time prompt.
    Jump,
    NextNote,
    PreviousNote,
    NextChapter,
    PreviousChapter,
    /// Open the in-episode search prompt (Reader) or the Search screen (Library).
    Search,
    NextMatch,
    PreviousMatch,
    NextTerm,
    PreviousTerm,
    /// Enter: open the selection (an episode, a hit, a term's mentions).
    Open,
    Define,
    AddNote,
    /// Start or end a range selection for a note.
    Select,
    Pin,
    Edit,
    OpenSource,
    /// On a narrow screen, which pane to show.
    ShowTranscript,
    ShowNotes,
    ShowDefinition,
    /// The Glossary screen.
    Glossary,
    /// Import from a URL (Library).
    Import,
    /// Check the followed feeds for new episodes, in the background (Library).
    UpdateFeeds,
    /// Copy the current paragraph, or the selection, as a quote with its moment (Reader).
    CopyQuote,
    /// Listening along: play or pause the episode's audio (Reader).
    PlayPause,
    /// Listening along: skip back a little, to hear it again.
    SkipBack,
    SkipForward,
    /// Listening along: one speed step down or up (0.5x-3x).
    Slower,
    Faster,
    /// Listening along: the view follows the playing paragraph again after scrolling away.
    Follow,
    /// Listening along: a note over the last seconds heard, with the audio paused.
    NoteJustHeard,
    /// The episode's notes without a place, and the unsure auto-placed ones (Reader).
    Unplaced,
    Help,
    Back,
    Quit,
    /// In a form: the next field (define form).
    NextField,
    /// In a form: the previous field (define form).
    PreviousField,
    /// In a form: save it.
    Save,
}

impl Action {
    /// Every action, for the help screen and config validation.
    pub const ALL: &'static [Action] = &[
        Action::LineDown,
        Action::LineUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::PageDown,
        Action::PageUp,
        Action::Top,
        Action::Bottom,
        Action::Jump,
        Action::NextNote,
        Action::PreviousNote,
        Action::NextChapter,
        Action::PreviousChapter,
        Action::Search,
        Action::NextMatch,
        Action::PreviousMatch,
        Action::NextTerm,
        Action::PreviousTerm,
        Action::Open,
        Action::Define,
        Action::AddNote,
        Action::Select,
        Action::Pin,
        Action::Edit,
        Action::OpenSource,
        Action::ShowTranscript,
        Action::ShowNotes,
        Action::ShowDefinition,
        Action::Glossary,
        Action::Import,
        Action::UpdateFeeds,
        Action::CopyQuote,
        Action::PlayPause,
        Action::SkipBack,
        Action::SkipForward,
        Action::Slower,
        Action::Faster,
        Action::Follow,
        Action::NoteJustHeard,
        Action::Unplaced,
        Action::Help,
        Action::Back,
        Action::Quit,
        Action::NextField,
        Action::PreviousField,
        Action::Save,
    ];

    /// What the help screen says the action does.
    pub fn describe(self) -> &'static str {
        match self {
            Action::LineDown => "down a line",
            Action::LineUp => "up a line",
            Action::HalfPageDown => "down half a page",
            Action::HalfPageUp => "up half a page",
            Action::PageDown => "down a page",
            Action::PageUp => "up a page",
            Action::Top => "to the start",
            Action::Bottom => "to the end",
            Action::Jump => "jump to a time (1:10:00, 70m, 4200s, +5m, -30s, 50%, a chapter title)",
            Action::NextNote => "next note",
            Action::PreviousNote => "previous note",
            Action::NextChapter => "next chapter",
            Action::PreviousChapter => "previous chapter",
            Action::Search => "search (this episode in the reader, the library elsewhere)",
            Action::NextMatch => "next match in the episode",
            Action::PreviousMatch => "previous match in the episode",
            Action::NextTerm => "select the next glossary term on screen",
            Action::PreviousTerm => "select the previous glossary term on screen",
            Action::Open => "open: an episode, a hit, the mentions of the selected term",
            Action::Define => "define the selected term (or a new one)",
            Action::AddNote => "add a note at the current time (a range when selecting)",
            Action::Select => "start/stop selecting a range for a note",
            Action::Pin => "pin the auto-anchored note into its note",
            Action::Edit => "edit the note or definition in $EDITOR",
            Action::OpenSource => {
                "play from the line at the top (mpv; without mpv, the source's link)"
            }
            Action::ShowTranscript => "narrow screens: show the transcript",
            Action::ShowNotes => "narrow screens: show the notes",
            Action::ShowDefinition => "narrow screens: show the definition",
            Action::Glossary => "the glossary",
            Action::Import => "import from a URL or a file",
            Action::UpdateFeeds => "update the followed feeds in the background (Library)",
            Action::CopyQuote => "copy the paragraph (or the selection) as a quote with its time",
            Action::PlayPause => "play / pause the episode's audio (mpv)",
            Action::SkipBack => "audio: back 5 seconds",
            Action::SkipForward => "audio: forward 15 seconds",
            Action::Slower => "audio: slower (down to 0.5x)",
            Action::Faster => "audio: faster (up to 3x)",
            Action::Follow => "follow the audio again after scrolling away",
            Action::NoteJustHeard => {
                "note over the last seconds heard (pauses; [player] note-seconds, default 30)"
            }
            Action::Unplaced => {
                "notes without a place (and unsure ones): place here, or edit at their line"
            }
            Action::Help => "this help",
            Action::Back => "back",
            Action::Quit => "quit",
            Action::NextField => "next field",
            Action::PreviousField => "previous field",
            Action::Save => "save",
        }
    }
}
