//! `podgloss chapters SLUG --from URL|FILE`: chapters for an episode that lacks them, from show
//! notes carrying a timestamp list (a web page, or text copied out of one). The list is read by
//! [`crate::import::web::chapter_list`] and written as the episode's `chapters.json`
//! atomically; chapters the episode already has are replaced only with `--replace`.

use std::io::Write;

use super::{Context, Outcome};
use crate::error::{Error, Result, shown};
use crate::formats::text::{decode, sanitize_line};
use crate::import::web::chapter_list::read_chapter_list;
use crate::import::web::page::{chapters_json, visible_lines};
use crate::model::time::format_time_long;
use crate::net::{Fetcher, NetConfig};

pub fn run(
    ctx: &Context,
    slug: &str,
    from: &str,
    replace: bool,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let entry = ctx.library.find(slug)?;
    let target = entry.chapters_path().ok_or_else(|| {
        Error::user(format!(
            "{slug} is a bare transcript file; import it (podgloss import) to give it a folder \
             for chapters"
        ))
    })?;
    if target.exists() && !replace {
        return Err(Error::user(format!(
            "{} exists; pass --replace to replace those chapters",
            shown(&target)
        )));
    }
    let (shown_source, bytes) = if from.contains("://") {
        let fetched = Fetcher::new(NetConfig::from_env())
            .get(from)
            .map_err(|e| Error::user(e.to_string()))?;
        (sanitize_line(from), fetched.bytes)
    } else {
        let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
        (shown(std::path::Path::new(from)).to_string(), bytes)
    };
    let text = decode(&bytes);
    let lines: Vec<String> = if looks_like_html(&text) {
        visible_lines(&text)
    } else {
        text.lines().map(str::to_string).collect()
    };
    let chapters = read_chapter_list(lines.iter().map(String::as_str));
    if chapters.is_empty() {
        return Err(Error::user(format!(
            "{shown_source}: no timestamp list found (two or more lines such as `00:17:04 Title` \
             or `Title (17:04)`)"
        )));
    }
    crate::fsutil::write_atomic(&target, &chapters_json(&chapters))?;
    let io = |e| Error::io("<stdout>", e);
    for chapter in &chapters {
        writeln!(
            out,
            "{}  {}",
            format_time_long(chapter.start),
            chapter.title
        )
        .map_err(io)?;
    }
    writeln!(
        out,
        "wrote {} chapters to {}",
        chapters.len(),
        shown(&target)
    )
    .map_err(io)?;
    Ok(Outcome::Found)
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<!doctype html", "<html", "<body", "<p>", "<div", "<li>"]
        .iter()
        .any(|tag| head.contains(tag))
}
