//! The styles of the terminal UI, in one place.

use ratatui::style::{Color, Modifier, Style};

pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

pub fn border() -> Style {
    Style::default().fg(Color::DarkGray)
}

pub fn selected() -> Style {
    Style::default().fg(Color::Black).bg(Color::Cyan)
}

pub fn chapter() -> Style {
    Style::default()
        .fg(Color::Magenta)
        .add_modifier(Modifier::BOLD)
}

pub fn current_time() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

pub fn note_marker() -> Style {
    Style::default().fg(Color::Yellow)
}

pub fn range_bar() -> Style {
    Style::default().fg(Color::LightRed)
}

pub fn term() -> Style {
    Style::default().add_modifier(Modifier::UNDERLINED)
}

pub fn selected_term() -> Style {
    Style::default().add_modifier(Modifier::UNDERLINED | Modifier::REVERSED | Modifier::BOLD)
}

pub fn search_match() -> Style {
    Style::default().fg(Color::Black).bg(Color::Yellow)
}

/// The segment the audio is playing, and within it the word.
pub fn playing() -> Style {
    Style::default().bg(Color::Indexed(237))
}

pub fn playing_word() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

/// The status line's playing time.
pub fn playing_status() -> Style {
    Style::default().fg(Color::Black).bg(Color::Green)
}

/// The status line's "follow off".
pub fn follow_off() -> Style {
    Style::default().fg(Color::Black).bg(Color::Yellow)
}

pub fn selection() -> Style {
    Style::default().bg(Color::Rgb(40, 40, 60))
}

pub fn note_anchor() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub fn wanted() -> Style {
    Style::default().fg(Color::LightRed)
}

pub fn message() -> Style {
    Style::default().fg(Color::Yellow)
}

pub fn error() -> Style {
    Style::default()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD)
}

/// A speaker's colour, the same for the same name on every run.
pub fn speaker(name: &str) -> Style {
    const COLOURS: [Color; 6] = [
        Color::Cyan,
        Color::Green,
        Color::Yellow,
        Color::Magenta,
        Color::LightBlue,
        Color::LightRed,
    ];
    let hash = name
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    Style::default()
        .fg(COLOURS[hash as usize % COLOURS.len()])
        .add_modifier(Modifier::BOLD)
}
