//! `podgloss audio fetch SLUG` (and `import --audio`): the episode's enclosure downloaded into its
//! folder, with a progress bar on a terminal.

use std::io::Write;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Context, Outcome};
use crate::audio::fetch::{FetchLimits, FetchOutcome, fetch_audio};
use crate::error::{Error, Result, shown};
use crate::net::{Fetcher, NetConfig};

pub fn fetch(
    ctx: &Context,
    slug: &str,
    offline: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let entry = ctx.library.find(slug)?;
    let mut config = NetConfig::from_env();
    config.offline |= offline;
    let fetcher = Fetcher::new(config);
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix(slug.chars().take(30).collect::<String>());
    let outcome = fetch_audio(
        &ctx.library.root,
        &entry,
        &fetcher,
        &FetchLimits::default(),
        &mut |have, total| {
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(have);
        },
    );
    bar.finish_and_clear();
    let io = |e| Error::io("<stdout>", e);
    match outcome? {
        FetchOutcome::Downloaded {
            path,
            bytes,
            resumed_from,
        } => {
            let resumed = if resumed_from > 0 {
                format!(", resumed after {resumed_from} bytes")
            } else {
                String::new()
            };
            writeln!(out, "fetched {} ({bytes} bytes{resumed})", shown(&path)).map_err(io)?;
        }
        FetchOutcome::AlreadyThere(path) => {
            writeln!(err, "{slug}: audio already there: {}", shown(&path))
                .map_err(|e| Error::io("<stderr>", e))?;
        }
    }
    Ok(Outcome::Found)
}
