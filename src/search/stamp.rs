//! File and folder stamps: a path's size and mtime as the index last saw them, and the listing of
//! a folder with its mtime. They live here, apart from the manifest that stores them and the
//! discovery that reads them, so neither module has to import the other.

use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

/// One folder's listing as last read: its mtime and the names in it that matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderStamp {
    pub mtime_ns: i128,
    pub names: Vec<String>,
}

/// Size and mtime of a path, `None` when it does not exist.
pub fn stat(path: &Path) -> Option<(u64, i128)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), mtime_ns(&metadata)))
}

/// Timestamps of changes made within this long of a listing or read can be equal to the
/// recorded one (file times tick coarsely), so such stamps are not trusted (git's "racy" rule).
const RACY_NS: i128 = 2_000_000_000;

/// The mtime to record: the real one, or 0 ("check again next time") when it is so recent that
/// a further change in the same clock tick would not move it.
pub fn trusted_mtime(mtime_ns: i128) -> i128 {
    let now = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0);
    if now - mtime_ns < RACY_NS {
        0
    } else {
        mtime_ns
    }
}

/// A file's mtime in nanoseconds since the epoch; 0 when the system cannot tell.
pub fn mtime_ns(metadata: &std::fs::Metadata) -> i128 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}
