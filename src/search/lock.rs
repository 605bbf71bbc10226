//! One podgloss rebuilds the index while the others wait: `.podgloss/index.lock` is held shared
//! by every process that opens and syncs the index (tantivy's own writer lock orders their
//! writes), and exclusively by one that throws the index away and builds it again, so nobody
//! opens a folder that is being deleted under them. The lock is advisory (`flock`, via fs4)
//! and is released when the process ends, however it ends.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use fs4::fs_std::FileExt;

/// A held lock; released on drop (or when the process exits).
pub struct IndexLock {
    _file: File,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Shared,
    Exclusive,
}

/// What came of asking for the lock.
pub enum Taken {
    Held(IndexLock),
    /// The lock file cannot be created (a read-only `.podgloss`): nobody can rebuild there
    /// either, so going on without it is safe.
    Unavailable,
    /// Another podgloss held it for longer than the wait.
    TimedOut,
}

impl IndexLock {
    /// Takes the lock at `path`, waiting up to `wait`; `on_wait` is called once if it has to.
    pub fn take(path: &Path, mode: Mode, wait: Duration, on_wait: &mut dyn FnMut()) -> Taken {
        let file = match File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
        {
            Ok(file) => file,
            Err(_) => match File::open(path) {
                // Read-only: a shared lock on the existing file still orders us after a writer.
                Ok(file) if mode == Mode::Shared => file,
                _ => return Taken::Unavailable,
            },
        };
        let started = Instant::now();
        let mut told = false;
        loop {
            let taken = match mode {
                Mode::Shared => FileExt::try_lock_shared(&file),
                Mode::Exclusive => FileExt::try_lock_exclusive(&file),
            };
            match taken {
                Ok(true) => return Taken::Held(IndexLock { _file: file }),
                Ok(false) => {}
                Err(_) => return Taken::Unavailable,
            }
            if started.elapsed() > wait {
                return Taken::TimedOut;
            }
            if !told {
                on_wait();
                told = true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_waits_for_shared_and_shared_for_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.lock");
        let short = Duration::from_millis(200);
        let Taken::Held(reader) = IndexLock::take(&path, Mode::Shared, short, &mut || {}) else {
            panic!("a free lock was not taken");
        };
        assert!(matches!(
            IndexLock::take(&path, Mode::Shared, short, &mut || {}),
            Taken::Held(_)
        ));
        let mut waited = false;
        assert!(matches!(
            IndexLock::take(&path, Mode::Exclusive, short, &mut || waited = true),
            Taken::TimedOut
        ));
        assert!(waited);
        drop(reader);
        let Taken::Held(writer) = IndexLock::take(&path, Mode::Exclusive, short, &mut || {}) else {
            panic!("the lock was not released");
        };
        assert!(matches!(
            IndexLock::take(&path, Mode::Shared, short, &mut || {}),
            Taken::TimedOut
        ));
        drop(writer);
    }
}
