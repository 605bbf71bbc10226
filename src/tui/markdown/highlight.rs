//! Fenced code blocks through syntect, with the syntax set and theme loaded once, lazily, the first
//! time a code block names a language (tens of milliseconds we never pay for prose).
//!
//! The conversion from syntect styles to ratatui is written here rather than taken from
//! `syntect-tui`, which targets ratatui 0.29; it follows gitui's `src/ui/syntax_text.rs` and bat's
//! colour rule (see [`to_color`]). Theme backgrounds are ignored: the pane draws its own.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use syntect::easy::HighlightLines;
use syntect::highlighting::{self, FontStyle, Theme, ThemeSet};
use syntect::parsing::SyntaxSet;

/// A theme from syntect's defaults that reads well on dark terminals.
pub(crate) const THEME: &str = "base16-ocean.dark";

struct Assets {
    syntaxes: SyntaxSet,
    theme: Theme,
}

impl Assets {
    fn load() -> Assets {
        let mut themes = ThemeSet::load_defaults().themes;
        Assets {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            theme: themes.remove(THEME).unwrap_or_default(),
        }
    }
}

/// Syntect's syntax set and theme, loaded on first use.
pub(crate) struct LazyAssets(OnceLock<Assets>);

impl LazyAssets {
    pub(crate) const fn new() -> LazyAssets {
        LazyAssets(OnceLock::new())
    }

    pub(crate) fn is_loaded(&self) -> bool {
        self.0.get().is_some()
    }

    fn get(&self) -> &Assets {
        self.0.get_or_init(Assets::load)
    }
}

/// The process's one copy.
pub(crate) static ASSETS: LazyAssets = LazyAssets::new();

/// The language named by a fence's info string: its first word, without Pandoc-style braces or
/// dot (`python`, `rust,ignore`, `{.py}`).
fn language_token(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == ',')
        .find(|word| !word.is_empty())
        .unwrap_or("")
        .trim_matches(|c| matches!(c, '{' | '}' | '.'))
}

/// One list of spans per line of `lines` (already free of control characters and newlines),
/// highlighted for the language `info` names; in `plain` when it names none, one syntect does not
/// know, or syntect fails part-way (from that line on).
pub(super) fn highlight_code(
    assets: &LazyAssets,
    info: &str,
    lines: &[String],
    plain: Style,
) -> Vec<Vec<Span<'static>>> {
    let plain_line = |line: &String| {
        if line.is_empty() {
            Vec::new()
        } else {
            vec![Span::styled(line.clone(), plain)]
        }
    };
    let token = language_token(info);
    if token.is_empty() {
        return lines.iter().map(plain_line).collect();
    }
    let assets = assets.get();
    let Some(syntax) = assets.syntaxes.find_syntax_by_token(token) else {
        return lines.iter().map(plain_line).collect();
    };
    let mut highlighter = HighlightLines::new(syntax, &assets.theme);
    let mut failed = false;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if failed {
            out.push(plain_line(line));
            continue;
        }
        // The syntaxes were loaded for newline-terminated lines.
        let with_newline = format!("{line}\n");
        match highlighter.highlight_line(&with_newline, &assets.syntaxes) {
            Ok(ranges) => out.push(
                ranges
                    .into_iter()
                    .filter_map(|(style, text)| {
                        let text = text.strip_suffix('\n').unwrap_or(text);
                        (!text.is_empty()).then(|| Span::styled(text.to_string(), to_style(style)))
                    })
                    .collect(),
            ),
            Err(_) => {
                failed = true;
                out.push(plain_line(line));
            }
        }
    }
    out
}

/// Foreground and font style; never the background.
fn to_style(style: highlighting::Style) -> Style {
    let mut out = Style::new();
    if let Some(fg) = to_color(style.foreground) {
        out = out.fg(fg);
    }
    for (font, modifier) in [
        (FontStyle::BOLD, Modifier::BOLD),
        (FontStyle::ITALIC, Modifier::ITALIC),
        (FontStyle::UNDERLINE, Modifier::UNDERLINED),
    ] {
        if style.font_style.contains(font) {
            out = out.add_modifier(modifier);
        }
    }
    out
}

/// bat's rule (`src/terminal.rs`): alpha 0 means `r` is an index into the terminal's palette,
/// alpha 1 the terminal's default colour, anything else a true colour.
fn to_color(color: highlighting::Color) -> Option<Color> {
    match color.a {
        0 => Some(Color::Indexed(color.r)),
        1 => None,
        _ => Some(Color::Rgb(color.r, color.g, color.b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tokens() {
        for (info, token) in [
            ("python", "python"),
            ("rust,ignore", "rust"),
            ("  py title=x.py", "py"),
            ("{.python}", "python"),
            ("", ""),
        ] {
            assert_eq!(language_token(info), token, "{info:?}");
        }
    }

    #[test]
    fn colours_follow_bats_alpha_rule() {
        let color = |r, a| highlighting::Color { r, g: 2, b: 3, a };
        assert_eq!(to_color(color(4, 0)), Some(Color::Indexed(4)));
        assert_eq!(to_color(color(4, 1)), None);
        assert_eq!(to_color(color(4, 0xff)), Some(Color::Rgb(4, 2, 3)));
    }

    #[test]
    fn font_styles_become_modifiers_and_backgrounds_are_dropped() {
        let style = highlighting::Style {
            foreground: highlighting::Color::WHITE,
            background: highlighting::Color::BLACK,
            font_style: FontStyle::BOLD | FontStyle::ITALIC,
        };
        let converted = to_style(style);
        assert_eq!(converted.bg, None);
        assert_eq!(converted.fg, Some(Color::Rgb(255, 255, 255)));
        assert!(
            converted
                .add_modifier
                .contains(Modifier::BOLD | Modifier::ITALIC)
        );
        assert!(!converted.add_modifier.contains(Modifier::UNDERLINED));
    }

    #[test]
    fn the_theme_exists_in_syntects_defaults() {
        assert!(ThemeSet::load_defaults().themes.contains_key(THEME));
    }

    #[test]
    fn unknown_and_missing_languages_stay_plain() {
        let assets = LazyAssets::new();
        let lines = vec!["x = 1".to_string(), String::new()];
        let plain = Style::new().fg(Color::Yellow);
        let expected = vec![vec![Span::styled("x = 1", plain)], vec![]];
        assert_eq!(highlight_code(&assets, "", &lines, plain), expected);
        assert!(!assets.is_loaded(), "no language, no syntect");
        assert_eq!(highlight_code(&assets, "klingon", &lines, plain), expected);
    }
}
