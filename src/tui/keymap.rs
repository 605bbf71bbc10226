//! Keys to actions, as data: compiled-in defaults, overridden by the `[keys]` table of the
//! config file, which names only what it changes (STYLE habit 8).
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

/// The defaults of SPEC §7: arrows and vim keys both work.
const DEFAULTS: &[(&str, Action)] = &[
    ("j", Action::LineDown),
    ("down", Action::LineDown),
    ("k", Action::LineUp),
    ("up", Action::LineUp),
    ("ctrl-d", Action::HalfPageDown),
    ("ctrl-u", Action::HalfPageUp),
    ("pagedown", Action::PageDown),
    ("space", Action::PageDown),
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
    ("?", Action::Help),
    ("f1", Action::Help),
    ("esc", Action::Back),
    ("q", Action::Back),
    ("ctrl-c", Action::Quit),
];

#[derive(Debug, Clone)]
pub struct Keymap {
    keys: HashMap<Key, Action>,
}

impl Default for Keymap {
    fn default() -> Self {
        let keys = DEFAULTS
            .iter()
            .filter_map(|(name, action)| Some((Key::parse(name)?, *action)))
            .collect();
        Keymap { keys }
    }
}

impl Keymap {
    /// The defaults with `overrides` (key name -> action name, or `"none"` to unbind) applied.
    /// Returns the problems found, one per bad entry; good entries still apply.
    pub fn with_overrides(overrides: &HashMap<String, String>) -> (Keymap, Vec<String>) {
        let mut keymap = Keymap::default();
        let mut problems = Vec::new();
        for (name, action) in overrides {
            let Some(key) = Key::parse(name) else {
                problems.push(format!("[keys] {name:?}: not a key name"));
                continue;
            };
            if action == "none" {
                keymap.keys.remove(&key);
                continue;
            }
            match serde_json::from_value::<Action>(serde_json::Value::String(action.clone())) {
                Ok(action) => {
                    keymap.keys.insert(key, action);
                }
                Err(_) => problems.push(format!("[keys] {name} = {action:?}: no such action")),
            }
        }
        (keymap, problems)
    }

    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.keys.get(&Key::from_event(event)).copied()
    }

    /// The keys bound to an action, for the help screen and hints.
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        let mut names: Vec<String> = self
            .keys
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| k.name())
            .collect();
        names.sort_by_key(|n| (n.len(), n.clone()));
        names
    }

    /// The first key for an action, for the status line's hints.
    pub fn hint(&self, action: Action) -> String {
        self.keys_for(action).into_iter().next().unwrap_or_default()
    }
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
}
