//! Keys to actions, as data, one map per [`Mode`]: compiled-in defaults, overridden by the
//! `[keys]` (browsing), `[field-keys]` (a screen with a text field) and `[form-keys]` (the define
//! and note forms) tables of the config file, which name only what they change.
//!
//! In a text field (the Library's filter, the Search box) every printable key is text, so a
//! title starting with `q` can be typed; the field's commands are on keys that type nothing
//! (arrows, Enter, Esc, Ctrl- and function keys). A printable key bound in `[field-keys]` or
//! `[form-keys]` is reported and ignored.
//!
//! Key names: a character (`j`, `G`, `?`), or `enter`, `esc`, `tab`, `backtab`, `up`, `down`,
//! `left`, `right`, `pageup`, `pagedown`, `home`, `end`, `space`, `f1`..`f12`, with `ctrl-` or
//! `alt-` prefixes (`ctrl-d`).

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// A key with its modifiers, as the keymap stores it (shift is folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Key {
        let code = match event.code {
            // Terminals report Shift-Tab as BackTab, some with SHIFT set as well.
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses a key name (see the module doc).
    pub fn parse(name: &str) -> Option<Key> {
        let mut rest = name.trim();
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(r) = rest
                .strip_prefix("ctrl-")
                .or_else(|| rest.strip_prefix("C-"))
            {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest
                .strip_prefix("alt-")
                .or_else(|| rest.strip_prefix("M-"))
            {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(c)
            }
        };
        Some(Key { code, ctrl, alt })
    }

    /// Whether the key types a character (no Ctrl or Alt).
    pub fn is_printable(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }

    /// The key as a hint shows it: arrows as arrows.
    pub fn short(&self) -> String {
        match (self.code, self.ctrl || self.alt) {
            (KeyCode::Up, false) => "↑".into(),
            (KeyCode::Down, false) => "↓".into(),
            (KeyCode::Left, false) => "←".into(),
            (KeyCode::Right, false) => "→".into(),
            _ => self.name(),
        }
    }

    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift-tab".into(),
            KeyCode::Up => "up".into(),
            KeyCode::Down => "down".into(),
            KeyCode::Left => "left".into(),
            KeyCode::Right => "right".into(),
            KeyCode::PageUp => "pgup".into(),
            KeyCode::PageDown => "pgdn".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_lowercase(),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("ctrl-{base}"),
            (_, true) => format!("alt-{base}"),
            _ => base,
        }
    }
}

/// How keys are read on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Every key can be a command (the Reader, Help).
    Browse,
    /// A text field takes the printable keys (the Library and Glossary filters, Search).
    Field,
    /// A form (define, add a note): printable keys are text too; `back` cancels it.
    Form,
}

/// Browsing: arrows and vim keys both work.
const DEFAULTS: &[(&str, Action)] = &[
    ("j", Action::LineDown),
    ("down", Action::LineDown),
    ("k", Action::LineUp),
    ("up", Action::LineUp),
    ("ctrl-d", Action::HalfPageDown),
    ("ctrl-u", Action::HalfPageUp),
    ("pagedown", Action::PageDown),
    ("pageup", Action::PageUp),
    ("g", Action::Top),
    ("home", Action::Top),
    ("G", Action::Bottom),
    ("end", Action::Bottom),
    (":", Action::Jump),
    ("t", Action::Jump),
    ("]", Action::NextNote),
    ("[", Action::PreviousNote),
    ("}", Action::NextChapter),
    ("{", Action::PreviousChapter),
    ("/", Action::Search),
    ("n", Action::NextMatch),
    ("N", Action::PreviousMatch),
    ("tab", Action::NextTerm),
    ("backtab", Action::PreviousTerm),
    ("enter", Action::Open),
    ("d", Action::Define),
    ("a", Action::AddNote),
    ("v", Action::Select),
    ("p", Action::Pin),
    ("e", Action::Edit),
    ("o", Action::OpenSource),
    ("1", Action::ShowTranscript),
    ("2", Action::ShowNotes),
    ("3", Action::ShowDefinition),
    ("ctrl-g", Action::Glossary),
    ("i", Action::Import),
    ("y", Action::CopyQuote),
    ("space", Action::PlayPause),
    ("left", Action::SkipBack),
    (",", Action::SkipBack),
    ("right", Action::SkipForward),
    (".", Action::SkipForward),
    ("-", Action::Slower),
    ("+", Action::Faster),
    ("=", Action::Faster),
    ("f", Action::Follow),
    ("A", Action::NoteJustHeard),
    ("u", Action::Unplaced),
    ("?", Action::Help),
    ("f1", Action::Help),
    ("esc", Action::Back),
    ("q", Action::Back),
    ("ctrl-c", Action::Quit),
];

/// A text field: only keys that type nothing.
const FIELD_DEFAULTS: &[(&str, Action)] = &[
    ("down", Action::LineDown),
    ("ctrl-n", Action::LineDown),
    ("up", Action::LineUp),
    ("ctrl-p", Action::LineUp),
    ("pagedown", Action::PageDown),
    ("pageup", Action::PageUp),
    ("enter", Action::Open),
    ("ctrl-f", Action::Search),
    ("ctrl-d", Action::Define),
    ("ctrl-e", Action::Edit),
    ("ctrl-o", Action::Import),
    ("f5", Action::UpdateFeeds),
    ("ctrl-r", Action::UpdateFeeds),
    ("ctrl-g", Action::Glossary),
    ("f1", Action::Help),
    ("esc", Action::Back),
    ("ctrl-c", Action::Quit),
];

/// A form: only keys that type nothing (Enter is a new line in a note or a definition).
const FORM_DEFAULTS: &[(&str, Action)] = &[
    ("tab", Action::NextField),
    ("backtab", Action::PreviousField),
    ("ctrl-s", Action::Save),
    ("esc", Action::Back),
];

fn compiled(defaults: &[(&str, Action)]) -> HashMap<Key, Action> {
    defaults
        .iter()
        .filter_map(|(name, action)| Some((Key::parse(name)?, *action)))
        .collect()
}

#[derive(Debug, Clone)]
pub struct Keymap {
    keys: HashMap<Key, Action>,
    field: HashMap<Key, Action>,
    form: HashMap<Key, Action>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            keys: compiled(DEFAULTS),
            field: compiled(FIELD_DEFAULTS),
            form: compiled(FORM_DEFAULTS),
        }
    }
}

impl Keymap {
    /// The defaults with `overrides` (key name -> action name, or `"none"` to unbind) applied.
    /// Returns the problems found, one per bad entry; good entries still apply.
    pub fn with_overrides(overrides: &HashMap<String, String>) -> (Keymap, Vec<String>) {
        let mut keymap = Keymap::default();
        let problems = apply(&mut keymap.keys, overrides, "keys", false);
        (keymap, problems)
    }

    /// The defaults with both tables of overrides applied.
    pub fn with_mode_overrides(
        keys: &HashMap<String, String>,
        field: &HashMap<String, String>,
    ) -> (Keymap, Vec<String>) {
        let (mut keymap, mut problems) = Keymap::with_overrides(keys);
        problems.extend(apply(&mut keymap.field, field, "field-keys", true));
        (keymap, problems)
    }

    /// The `[form-keys]` overrides applied; returns the problems, one per bad entry.
    pub fn override_form(&mut self, form: &HashMap<String, String>) -> Vec<String> {
        apply(&mut self.form, form, "form-keys", true)
    }

    fn map(&self, mode: Mode) -> &HashMap<Key, Action> {
        match mode {
            Mode::Browse => &self.keys,
            Mode::Field => &self.field,
            Mode::Form => &self.form,
        }
    }

    /// The action of a key while browsing.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.action_in(Mode::Browse, event)
    }

    /// The action of a key in a mode; in a text field, a printable key has none (it is text).
    pub fn action_in(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        if mode != Mode::Browse && key.is_printable() {
            return None;
        }
        self.map(mode).get(&key).copied()
    }

    /// The keys bound to an action while browsing, for the help screen.
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        self.keys_in(Mode::Browse, action)
            .iter()
            .map(Key::name)
            .collect()
    }

    /// The keys bound to an action in a mode, shortest name first.
    pub fn keys_in(&self, mode: Mode, action: Action) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .map(mode)
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| *k)
            .collect();
        // Shortest first, a letter before a symbol of the same length (`t` before `:`).
        keys.sort_by_key(|k| {
            let name = k.name();
            let symbol = !name.chars().all(char::is_alphanumeric);
            (name.len(), symbol, name)
        });
        keys
    }

    /// The first key for an action while browsing, for hints.
    pub fn hint(&self, action: Action) -> String {
        self.hint_in(Mode::Browse, action)
    }

    /// The first key for an action in a mode, as a hint shows it; empty when it has none.
    pub fn hint_in(&self, mode: Mode, action: Action) -> String {
        self.keys_in(mode, action)
            .first()
            .map(Key::short)
            .unwrap_or_default()
    }
}

/// Applies one table of overrides (key name -> action name, or `"none"` to unbind) to a map;
/// returns the problems, one per bad entry.
fn apply(
    map: &mut HashMap<Key, Action>,
    overrides: &HashMap<String, String>,
    table: &str,
    field: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, action) in overrides {
        let Some(key) = Key::parse(name) else {
            problems.push(format!("[{table}] {name:?}: not a key name"));
            continue;
        };
        if field && key.is_printable() {
            problems.push(format!(
                "[{table}] {name:?}: types text in a field; use a key that types nothing"
            ));
            continue;
        }
        if action == "none" {
            map.remove(&key);
            continue;
        }
        match serde_json::from_value::<Action>(serde_json::Value::String(action.clone())) {
            Ok(action) => {
                map.insert(key, action);
            }
            Err(_) => problems.push(format!("[{table}] {name} = {action:?}: no such action")),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn vim_keys_and_arrows_both_work() {
        let keymap = Keymap::default();
        let cases = [
            (
                press(KeyCode::Char('j'), KeyModifiers::NONE),
                Some(Action::LineDown),
            ),
            (
                press(KeyCode::Down, KeyModifiers::NONE),
                Some(Action::LineDown),
            ),
            (
                press(KeyCode::Char('d'), KeyModifiers::CONTROL),
                Some(Action::HalfPageDown),
            ),
            (
                press(KeyCode::Char('G'), KeyModifiers::SHIFT),
                Some(Action::Bottom),
            ),
            (
                press(KeyCode::Tab, KeyModifiers::SHIFT),
                Some(Action::PreviousTerm),
            ),
            (
                press(KeyCode::BackTab, KeyModifiers::SHIFT),
                Some(Action::PreviousTerm),
            ),
            (press(KeyCode::Char('z'), KeyModifiers::NONE), None),
        ];
        for (event, want) in cases {
            assert_eq!(keymap.action(&event), want, "{event:?}");
        }
    }

    #[test]
    fn overrides_rebind_and_unbind_and_report_mistakes() {
        let overrides = HashMap::from([
            ("ctrl-n".to_string(), "line-down".to_string()),
            ("j".to_string(), "none".to_string()),
            ("x".to_string(), "fly".to_string()),
            ("ctrl-".to_string(), "quit".to_string()),
        ]);
        let (keymap, problems) = Keymap::with_overrides(&overrides);
        assert_eq!(
            keymap.action(&press(KeyCode::Char('n'), KeyModifiers::CONTROL)),
            Some(Action::LineDown)
        );
        assert_eq!(
            keymap.action(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn a_field_types_every_printable_key_and_keeps_its_own_bindings() {
        let (keymap, problems) = Keymap::with_mode_overrides(
            &HashMap::new(),
            &HashMap::from([
                ("ctrl-s".to_string(), "search".to_string()),
                ("q".to_string(), "quit".to_string()),
            ]),
        );
        assert_eq!(
            problems.len(),
            1,
            "a printable key cannot be bound: {problems:?}"
        );
        for c in ['q', 't', 'j', 'g', ' ', '/', '?', 'Q'] {
            let event = press(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(keymap.action_in(Mode::Field, &event), None, "{c:?}");
        }
        assert_eq!(
            keymap.action_in(
                Mode::Field,
                &press(KeyCode::Char('s'), KeyModifiers::CONTROL)
            ),
            Some(Action::Search)
        );
        assert_eq!(keymap.hint_in(Mode::Field, Action::Search), "ctrl-f");
        assert_eq!(keymap.hint_in(Mode::Field, Action::LineDown), "↓");
        assert_eq!(keymap.hint_in(Mode::Browse, Action::LineDown), "j");
        // Browsing keeps the letters.
        assert_eq!(
            keymap.action_in(Mode::Browse, &press(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Back)
        );
    }
}
