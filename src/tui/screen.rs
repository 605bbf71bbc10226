//! The screens the router stacks, what every screen's `act` gets to read ([`Ctx`]), and the
//! Help screen (small enough to live here).

use super::action::Action;
use super::command::Command;
use super::glossary_screen::{GlossaryScreen, MentionsScreen};
use super::hints::Hint;
use super::keymap::{Keymap, Mode};
use super::library_screen::LibraryScreen;
use super::reader::Reader;
use super::search_screen::SearchScreen;
use super::unplaced::UnplacedScreen;
use crate::glossary::Glossary;

/// What a screen may read while it handles an action; it changes only its own state.
pub struct Ctx<'a> {
    pub glossary: &'a Glossary,
    /// Rows a page movement covers in a list.
    pub page: isize,
    /// For messages that name a key.
    pub keymap: &'a Keymap,
}

pub enum Screen {
    Library(LibraryScreen),
    Reader(Box<Reader>),
    Search(SearchScreen),
    Glossary(GlossaryScreen),
    Mentions(MentionsScreen),
    Help(HelpScreen),
    Unplaced(UnplacedScreen),
}

impl Screen {
    /// Hands an action to the screen.
    pub fn act(&mut self, action: Action, ctx: &Ctx) -> Option<Command> {
        match self {
            Screen::Library(screen) => screen.act(action, ctx),
            Screen::Reader(screen) => screen.act(action, ctx),
            Screen::Search(screen) => screen.act(action, ctx),
            Screen::Glossary(screen) => screen.act(action, ctx),
            Screen::Mentions(screen) => screen.act(action, ctx),
            Screen::Help(screen) => screen.act(action, ctx),
            Screen::Unplaced(screen) => screen.act(action, ctx),
        }
    }

    /// How the screen reads keys: a screen with a text field takes every printable key.
    pub fn mode(&self) -> Mode {
        match self {
            Screen::Library(_) | Screen::Search(_) | Screen::Glossary(_) => Mode::Field,
            _ => Mode::Browse,
        }
    }

    /// The status line's hints, most important first.
    pub fn hints(&self) -> &'static [Hint] {
        use Action as A;
        match self {
            Screen::Library(_) => &[
                Hint::Key(A::Open, "open"),
                Hint::Key(A::Search, "search"),
                Hint::Key(A::Glossary, "glossary"),
                Hint::Key(A::Import, "import"),
                Hint::Key(A::Help, "help"),
                Hint::Key(A::Back, "quit"),
                Hint::Key(A::UpdateFeeds, "update feeds"),
            ],
            Screen::Reader(_) => &[
                Hint::Key(A::Jump, "jump"),
                Hint::Key(A::PlayPause, "play"),
                Hint::Key(A::Search, "find"),
                Hint::Pair(A::NextNote, A::PreviousNote, "notes"),
                Hint::Key(A::Unplaced, "unplaced"),
                Hint::Key(A::NextTerm, "term"),
                Hint::Key(A::Define, "define"),
                Hint::Key(A::AddNote, "note"),
                Hint::Key(A::Help, "help"),
                Hint::Key(A::CopyQuote, "copy quote"),
            ],
            Screen::Search(_) => &[
                Hint::Text("type a query"),
                Hint::Pair(A::LineUp, A::LineDown, "choose"),
                Hint::Key(A::Open, "open"),
                Hint::Key(A::Back, "back"),
            ],
            Screen::Glossary(_) => &[
                Hint::Key(A::Open, "mentions"),
                Hint::Key(A::Define, "define"),
                Hint::Key(A::Edit, "edit"),
                Hint::Key(A::Back, "back"),
            ],
            Screen::Mentions(_) => &[Hint::Key(A::Open, "open"), Hint::Key(A::Back, "back")],
            Screen::Help(_) => &[Hint::Key(A::Back, "back")],
            Screen::Unplaced(_) => &[
                Hint::Key(A::Open, "place here"),
                Hint::Key(A::Edit, "edit at its line"),
                Hint::Pair(A::LineDown, A::LineUp, "choose"),
                Hint::Key(A::Back, "back"),
            ],
        }
    }

    pub fn reader(&self) -> Option<&Reader> {
        match self {
            Screen::Reader(reader) => Some(reader),
            _ => None,
        }
    }

    pub fn reader_mut(&mut self) -> Option<&mut Reader> {
        match self {
            Screen::Reader(reader) => Some(reader),
            _ => None,
        }
    }
}

/// The Help screen: every key, from the keymap (drawn by [`super::help`]).
#[derive(Debug, Default)]
pub struct HelpScreen {
    pub scroll: u16,
}

impl HelpScreen {
    pub fn act(&mut self, action: Action, _ctx: &Ctx) -> Option<Command> {
        match action {
            Action::LineDown => self.scroll = self.scroll.saturating_add(1),
            Action::LineUp => self.scroll = self.scroll.saturating_sub(1),
            Action::Top => self.scroll = 0,
            Action::Back => return Some(Command::Back),
            _ => {}
        }
        None
    }
}

/// The moves every list screen shares, as a signed number of rows.
pub fn list_move(action: Action, page: isize) -> Option<isize> {
    Some(match action {
        Action::LineDown => 1,
        Action::LineUp => -1,
        Action::PageDown | Action::HalfPageDown => page,
        Action::PageUp | Action::HalfPageUp => -page,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_scrolls_and_leaves() {
        let glossary = Glossary::default();
        let keymap = Keymap::default();
        let ctx = Ctx {
            glossary: &glossary,
            page: 10,
            keymap: &keymap,
        };
        let mut help = HelpScreen::default();
        assert!(help.act(Action::LineDown, &ctx).is_none());
        help.act(Action::LineDown, &ctx);
        assert_eq!(help.scroll, 2);
        help.act(Action::Top, &ctx);
        assert_eq!(help.scroll, 0);
        assert!(matches!(help.act(Action::Back, &ctx), Some(Command::Back)));
    }
}
