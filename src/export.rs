//! Taking an episode, its notes and the glossary out of podgloss, into the other places a
//! learner studies: an Obsidian vault (`md`), a page to share (`html`), other programs (`json`,
//! `annotations`), other players (`vtt`, `srt`), a flashcard deck (`glossary::export`) and the
//! clipboard (`quote`, `clipboard`).
//!
//! Every format renders the same [`Document`]: the episode cut to the asked window, its notes
//! placed at their paragraphs and the glossary terms found in each paragraph, built once in
//! [`document`] from the notes and glossary code (placement, links, wanted terms are theirs).
//! Renderers are pure functions from a document to text; writing files is the command's job.

pub(crate) mod annotations;
pub(crate) mod clipboard;
pub(crate) mod deep_link;
pub(crate) mod document;
pub(crate) mod glossary_cards;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod note_text;
pub(crate) mod quote;
pub(crate) mod srt;
pub mod subtitles;
pub(crate) mod vtt;

pub use deep_link::deep_link;
pub use document::{Document, Window};

/// What `podgloss export --format` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Obsidian-ready Markdown: front matter, chapters, notes as callouts, [[glossary links]].
    Md,
    /// One self-contained page: notes in the margin, definitions on hover, chapter navigation.
    Html,
    /// The full model, versioned (see the README).
    Json,
    /// WebVTT subtitles with <v Speaker> voices.
    Vtt,
    /// SubRip subtitles with `Speaker:` prefixes.
    Srt,
    /// The notes as W3C Web Annotations (JSON-LD).
    Annotations,
}

impl ExportFormat {
    /// The file extension `--all` names each episode's file with.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
            ExportFormat::Json => "json",
            ExportFormat::Vtt => "vtt",
            ExportFormat::Srt => "srt",
            ExportFormat::Annotations => "annotations.jsonld",
        }
    }
}

/// Renders `document` in `format`. Subtitles of an untimed (plain text) transcript are an
/// error: there are no times to give the cues.
pub fn render(document: &Document, format: ExportFormat) -> crate::Result<String> {
    let subtitles_need_times = || {
        if document.episode.transcript.timed {
            Ok(())
        } else {
            Err(crate::Error::user(format!(
                "{} has no times (a plain text transcript), so it cannot become subtitles",
                document.episode.entry.slug
            )))
        }
    };
    Ok(match format {
        ExportFormat::Md => markdown::render(document),
        ExportFormat::Html => html::render(document),
        ExportFormat::Json => json::render(document),
        ExportFormat::Annotations => annotations::render(document),
        ExportFormat::Vtt => {
            subtitles_need_times()?;
            vtt::render(document)
        }
        ExportFormat::Srt => {
            subtitles_need_times()?;
            srt::render(document)
        }
    })
}
