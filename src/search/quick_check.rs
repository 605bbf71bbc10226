//! The sync check on an unchanged library, which is what almost every command meets: stat every
//! path in the manifest's checks section (folders, and the files people edit in place) and
//! compare. Nothing is decoded or allocated per episode, paths are resolved from open handles
//! on the library and `transcripts/` folders (fewer path components for the kernel to look up:
//! that lookup is most of a `stat`), and the entries are
//! shared out in chunks between the threads that call [`QuickCheck::work`], so a command can run
//! its query on one core while the other stats, then join in. Any difference, or a stamp too
//! recent to trust, ends the check early: the full sync (`index::Plan`) then finds what changed.

use std::ffi::OsStr;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};

use super::manifest::{Check, CheckKind, Checks};

/// Entries taken at a time: large enough that the shared counter is rarely touched, small
/// enough that a thread arriving late still finds work.
const CHUNK: usize = 64;

pub struct QuickCheck<'a> {
    root: Option<Folders>,
    checks: Checks<'a>,
    next: AtomicUsize,
    changed: AtomicBool,
}

impl<'a> QuickCheck<'a> {
    pub fn new(root: &Path, checks: Checks<'a>) -> QuickCheck<'a> {
        let root = Folders::open(root);
        QuickCheck {
            changed: AtomicBool::new(root.is_none()),
            root,
            checks,
            next: AtomicUsize::new(0),
        }
    }

    /// Checks entries until none are left or one differs; any number of threads may call it.
    pub fn work(&self) {
        let Some(root) = &self.root else {
            return;
        };
        let total = self.checks.len();
        while !self.changed.load(Ordering::Relaxed) {
            let start = self.next.fetch_add(CHUNK, Ordering::Relaxed);
            if start >= total {
                return;
            }
            for i in start..(start + CHUNK).min(total) {
                if !holds(root, &self.checks.get(i)) {
                    self.changed.store(true, Ordering::Relaxed);
                    return;
                }
            }
        }
    }

    /// Whether every entry held, once the callers of [`QuickCheck::work`] have returned.
    pub fn unchanged(&self) -> bool {
        !self.changed.load(Ordering::Relaxed)
            && self.next.load(Ordering::Relaxed) >= self.checks.len()
    }
}

/// The folders paths are looked up from.
struct Folders {
    root: OwnedFd,
    /// `transcripts/`, when it is a folder (it holds almost every path checked).
    transcripts: Option<OwnedFd>,
}

impl Folders {
    fn open(root: &Path) -> Option<Folders> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let root = rustix::fs::open(root, flags, Mode::empty()).ok()?;
        let transcripts = rustix::fs::openat(&root, TRANSCRIPTS, flags, Mode::empty()).ok();
        Some(Folders { root, transcripts })
    }

    fn stat(&self, path: &[u8]) -> rustix::io::Result<rustix::fs::Stat> {
        let (folder, rest) = match (&self.transcripts, path.strip_prefix(TRANSCRIPTS_PREFIX)) {
            (Some(transcripts), Some(rest)) => (transcripts, rest),
            _ => (&self.root, path),
        };
        rustix::fs::statat(folder, OsStr::from_bytes(rest), AtFlags::empty())
    }
}

const TRANSCRIPTS: &str = "transcripts";
const TRANSCRIPTS_PREFIX: &[u8] = b"transcripts/";

/// Whether the path is as recorded. A recorded mtime of 0 was too recent to trust (git's racy
/// rule) and never holds: the full sync compares contents.
fn holds(folders: &Folders, check: &Check<'_>) -> bool {
    let stat = folders.stat(check.path);
    let mtime_of = |stat: &rustix::fs::Stat| {
        i128::from(stat.st_mtime) * 1_000_000_000 + i128::from(stat.st_mtime_nsec)
    };
    match (check.kind, stat) {
        (CheckKind::NoFolder, Ok(stat)) => !FileType::from_raw_mode(stat.st_mode).is_dir(),
        (CheckKind::NoFolder, Err(_)) => true,
        (_, Err(_)) => false,
        (CheckKind::Folder, Ok(stat)) => {
            check.mtime_ns != 0
                && FileType::from_raw_mode(stat.st_mode).is_dir()
                && mtime_of(&stat) == check.mtime_ns
        }
        (CheckKind::File, Ok(stat)) => {
            check.mtime_ns != 0
                && stat.st_size as u64 == check.size
                && mtime_of(&stat) == check.mtime_ns
        }
    }
}
