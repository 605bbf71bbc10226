//! The transcript model of SPEC §3.2: segments with integer-millisecond times, grouped into
//! display paragraphs, plus chapters.

pub mod chapters;
pub mod paragraphs;
pub mod time;
pub(crate) mod transcript;

#[cfg(test)]
mod properties;

pub use chapters::Chapter;
pub use paragraphs::{Paragraph, group_paragraphs, group_paragraphs_at, paragraph_at_anchor};
pub use time::{Millis, format_time, parse_time};
pub use transcript::{Format, Segment, Transcript, Word};
