//! The config file (keys are rebindable): `$PODGLOSS_CONFIG`, else
//! `$XDG_CONFIG_HOME/podgloss/config.toml`, else `~/.config/podgloss/config.toml`. Only what it
//! names overrides the compiled-in defaults; a missing file is no error.
//!
//! ```toml
//! [keys]                # browsing: the Reader, the Glossary, Help
//! "ctrl-n" = "line-down"
//! "x" = "none"          # unbind
//! [field-keys]          # with a text field: the Library's filter, the Search box
//! "ctrl-s" = "search"
//! [form-keys]           # the define and note forms: next-field, previous-field, save, back
//! "ctrl-w" = "save"
//! [player]              # listening along
//! note-seconds = 30     # how far back the note-just-heard key reaches
//! mpv = "mpv"           # the program ($PODGLOSS_MPV overrides it)
//! mpv-args = ["--ao=pulse"]   # added to mpv's command line (the tests use --ao=null)
//! ```

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::keymap::Keymap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ConfigFile {
    keys: HashMap<String, String>,
    #[serde(rename = "field-keys")]
    field_keys: HashMap<String, String>,
    #[serde(rename = "form-keys")]
    form_keys: HashMap<String, String>,
    player: PlayerConfig,
}

/// The `[player]` table: how listening along starts mpv and how far back a note reaches.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct PlayerConfig {
    /// The note-just-heard key writes a range over this many seconds back.
    pub note_seconds: u64,
    /// The program; `$PODGLOSS_MPV` wins over it.
    pub mpv: Option<PathBuf>,
    /// The user's own mpv arguments (an audio output, a volume), after podgloss's.
    pub mpv_args: Vec<String>,
}

impl Default for PlayerConfig {
    fn default() -> Self {
        PlayerConfig {
            note_seconds: 30,
            mpv: None,
            mpv_args: Vec::new(),
        }
    }
}

impl PlayerConfig {
    /// How to start mpv.
    pub fn mpv_options(&self) -> crate::player::MpvOptions {
        let mut options = crate::player::MpvOptions::default();
        if std::env::var_os("PODGLOSS_MPV").is_none()
            && let Some(program) = &self.mpv
        {
            options.program = program.clone();
        }
        options.extra_args = self.mpv_args.clone();
        options
    }
}

/// What the config file sets, and the problems to tell the user about.
pub struct Config {
    pub keymap: Keymap,
    pub player: PlayerConfig,
    pub problems: Vec<String>,
}

pub fn config_path() -> Option<PathBuf> {
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(path) = non_empty("PODGLOSS_CONFIG") {
        return Some(PathBuf::from(path));
    }
    let base = non_empty("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| non_empty("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("podgloss/config.toml"))
}

/// The keymap from the config file, and the problems to tell the user about.
pub fn load_keymap() -> (Keymap, Vec<String>) {
    let config = load();
    (config.keymap, config.problems)
}

/// Everything the config file sets; the defaults where it is missing or says nothing.
pub fn load() -> Config {
    let defaults = |problems| Config {
        keymap: Keymap::default(),
        player: PlayerConfig::default(),
        problems,
    };
    let Some(path) = config_path() else {
        return defaults(Vec::new());
    };
    // Only a regular file is read: a FIFO named as the config would hang the start.
    match crate::fsutil::read_regular_to_string(&path) {
        Ok(text) => config_from_text(&text, &path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => defaults(Vec::new()),
        Err(e) => defaults(vec![format!("{}: {e}", path.display())]),
    }
}

/// The keymap a config file's text gives (`name` is how problems name the file), and the
/// problems found in it; never fails, whatever the text (the fuzz target `config` holds it to
/// that).
pub fn keymap_from_text(text: &str, name: &str) -> (Keymap, Vec<String>) {
    let config = config_from_text(text, name);
    (config.keymap, config.problems)
}

fn config_from_text(text: &str, name: &str) -> Config {
    match toml::from_str::<ConfigFile>(text) {
        Ok(config) => {
            let (mut keymap, mut problems) =
                Keymap::with_mode_overrides(&config.keys, &config.field_keys);
            problems.extend(keymap.override_form(&config.form_keys));
            let problems = problems
                .into_iter()
                .map(|p| format!("{name}: {p}"))
                .collect();
            Config {
                keymap,
                player: config.player,
                problems,
            }
        }
        Err(e) => Config {
            keymap: Keymap::default(),
            player: PlayerConfig::default(),
            problems: vec![format!("{name}: {}", e.message())],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn the_file_overrides_only_what_it_names() {
        let (keymap, problems) = keymap_from_text("[keys]\n\"ctrl-n\" = \"line-down\"\n", "c");
        assert!(problems.is_empty());
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(&ctrl_n),
            Some(super::super::action::Action::LineDown)
        );
        assert_eq!(
            keymap.action(&j),
            Some(super::super::action::Action::LineDown)
        );
        let (_, problems) = keymap_from_text("[keys\n", "c");
        assert_eq!(problems.len(), 1);
    }

    /// The top line of a form drawn with `keymap`, and what Ctrl-W and Ctrl-S do in it.
    fn define_form_with(keymap: &Keymap) -> (String, [super::super::forms::FormOutcome; 2]) {
        use ratatui::backend::TestBackend;
        use ratatui::crossterm::event::Event;

        let mut form = super::super::forms::DefineForm::new("", &[], "", None);
        let mut terminal = ratatui::Terminal::new(TestBackend::new(90, 22)).unwrap();
        terminal
            .draw(|frame| form.draw(frame, frame.area(), keymap))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let top: String = (0..buffer.area.width)
            .map(|x| buffer[(x, 1)].symbol().to_string())
            .collect();
        let outcomes = ['w', 's'].map(|c| {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
            form.key(&Event::Key(key), &key, keymap)
        });
        (top, outcomes)
    }

    #[test]
    fn a_form_key_rebound_in_the_file_shows_in_the_form_footer_and_works() {
        use super::super::forms::FormOutcome;

        let (top, outcomes) = define_form_with(&Keymap::default());
        assert!(
            top.contains("Define · tab next field · ctrl-s save · esc cancel"),
            "{top}"
        );
        assert_eq!(outcomes, [FormOutcome::Continue, FormOutcome::Submit]);

        let text = "[form-keys]\n\"ctrl-w\" = \"save\"\n\"ctrl-s\" = \"none\"\n\"x\" = \"save\"\n";
        let (keymap, problems) = keymap_from_text(text, "c");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("[form-keys]"), "{problems:?}");
        let (top, outcomes) = define_form_with(&keymap);
        assert!(top.contains("ctrl-w save"), "{top}");
        assert!(!top.contains("ctrl-s"), "{top}");
        assert_eq!(outcomes, [FormOutcome::Submit, FormOutcome::Continue]);
    }
}
