//! The App's side of form drafts ([`crate::tui::drafts`]): a changed form sends its fields to
//! its draft, an opened form asks for its draft and gets it back when nothing was typed yet, and
//! Ctrl-C keeps what a form holds before the program ends.

use super::{App, Overlay};
use crate::tui::command::Command;
use crate::tui::drafts::DraftKey;
use crate::tui::forms::Typed;

impl App {
    /// The open form's bookkeeping and current fields.
    fn open_form(&mut self) -> Option<(&mut Typed, Vec<String>)> {
        match self.overlay.as_mut()? {
            Overlay::Note(form) => {
                let fields = form.fields();
                Some((&mut form.typed, fields))
            }
            Overlay::Define(form) => {
                let fields = form.fields();
                Some((&mut form.typed, fields))
            }
            Overlay::Prompt(_) => None,
        }
    }

    /// After a key or a paste went to a form: when its fields changed, they become its draft
    /// (or the draft goes, when the form is back to what it opened with).
    pub(crate) fn form_changed(&mut self) {
        let Some((typed, fields)) = self.open_form() else {
            return;
        };
        let Some(key) = typed.draft.clone() else {
            return;
        };
        if fields == typed.kept {
            return;
        }
        typed.kept = fields.clone();
        let command = if fields == typed.initial {
            Command::DeleteDraft(key)
        } else {
            Command::SaveDraft { key, fields }
        };
        self.queue(command);
    }

    /// A form just opened: it belongs to `key`'s draft, which is asked for.
    pub(super) fn keep_drafts_of(&mut self, key: DraftKey) {
        if let Some((typed, _)) = self.open_form() {
            typed.draft = Some(key.clone());
            self.queue(Command::LoadDraft(key));
        }
    }

    /// A draft read back: put into its form when that is still open and untouched.
    pub(super) fn draft_loaded(&mut self, key: &DraftKey, draft: Option<(Vec<String>, String)>) {
        let Some((fields, saved)) = draft else {
            return;
        };
        let restored = match self.overlay.as_mut() {
            Some(Overlay::Note(form)) if form.typed.draft.as_ref() == Some(key) => {
                (!form.is_typed()).then(|| form.restore(&fields)).is_some()
            }
            Some(Overlay::Define(form)) if form.typed.draft.as_ref() == Some(key) => {
                (!form.is_typed()).then(|| form.restore(&fields)).is_some()
            }
            _ => false,
        };
        if restored {
            self.tell(format!(
                "your unsaved text from {saved} is back · {} discards it",
                self.keymap.hint_in(
                    crate::tui::keymap::Mode::Form,
                    crate::tui::action::Action::Back
                )
            ));
        }
    }

    /// The open form's draft key, when its text is being thrown away on purpose.
    pub(super) fn discard_form(&mut self) {
        let key = self.open_form().and_then(|(typed, _)| typed.draft.clone());
        self.overlay = None;
        if let Some(key) = key {
            self.queue(Command::DeleteDraft(key));
        }
        self.tell("discarded");
    }

    /// Ctrl-C: answered at once, whatever is open or running. A form with typed text keeps it
    /// as its draft first (the event loop writes pending drafts before the program ends).
    pub fn interrupt(&mut self) {
        if let Some((typed, fields)) = self.open_form() {
            if fields != typed.initial {
                if let Some(key) = typed.draft.clone() {
                    self.queue(Command::SaveDraft { key, fields });
                }
            }
        }
        self.overlay = None;
        self.run(Command::Quit);
    }
}
