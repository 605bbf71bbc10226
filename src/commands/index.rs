//! `podgloss index [--rebuild]`: the index's state, or a full rebuild.

use std::io::Write;

use super::sync::synced_index;
use super::{Context, Outcome};
use crate::error::{Error, Result};

pub fn run(
    ctx: &Context,
    rebuild: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let started = std::time::Instant::now();
    let index = synced_index(ctx, rebuild, err)?;
    let stats = index.stats();
    let (documents, segments) = (stats.documents, stats.segments);
    let path = ctx.library.root.join(".podgloss/index");
    let size: u64 = std::fs::read_dir(&path)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    writeln!(
        out,
        "{}: {documents} documents in {segments} segments, {:.1} MB, up to date ({:.2} s)",
        crate::error::shown(&path),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    )
    .map_err(|e| Error::io("<stdout>", e))?;
    Ok(Outcome::Found)
}
