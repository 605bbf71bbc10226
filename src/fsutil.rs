//! Writing user-visible files safely (SPEC §9): a temporary file in the same folder, flushed to
//! disk, then renamed over the target, so a crash leaves either the old file or the new one.
//! And reading them safely: only regular files are read, because opening a FIFO blocks until
//! someone writes to it and a device may never end.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Replaces `path` with `bytes` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let (temp, dir) = staged(path, bytes)?;
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Writes a new file atomically; fails with `AlreadyExists` rather than replace one that
/// appeared meanwhile.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let (temp, dir) = staged(path, bytes)?;
    temp.persist_noclobber(path)
        .map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// What [`replace_if_unchanged`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Replaced {
    Done,
    /// The file changed while the new text was being written: it was left alone and the new
    /// text saved beside it under this name.
    Conflict(std::path::PathBuf),
}

/// [`write_atomic`] for a file the user may be editing at the same time: `unchanged` is asked
/// once more after the new text is on disk and immediately before the rename (the flush before
/// it takes the longest, and an editor's save during it would otherwise be lost). When the file
/// changed, it stays as the user left it and the new text goes to
/// `<name>.podgloss-conflict-<UTC time>.<ext>` beside it.
pub fn replace_if_unchanged(
    path: &Path,
    bytes: &[u8],
    unchanged: &dyn Fn() -> bool,
) -> Result<Replaced> {
    let (temp, dir) = staged(path, bytes)?;
    if unchanged() {
        temp.persist(path).map_err(|e| Error::io(path, e.error))?;
        sync_dir(dir);
        return Ok(Replaced::Done);
    }
    let copy = conflict_path(path);
    temp.persist_noclobber(&copy)
        .map_err(|e| Error::io(&copy, e.error))?;
    sync_dir(dir);
    Ok(Replaced::Conflict(copy))
}

/// What a file held when podgloss read it (a digest of its bytes), or that it did not exist:
/// kept beside what was read from it, to tell before replacing it whether someone (the user's
/// editor, another podgloss) changed it since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadState(Option<blake3::Hash>);

impl ReadState {
    pub fn of(bytes: Option<&[u8]>) -> ReadState {
        ReadState(bytes.map(blake3::hash))
    }

    /// What `path` holds now; a missing file is [`ReadState::of`] `None`.
    pub fn now(path: &Path) -> std::io::Result<ReadState> {
        match read_regular(path) {
            Ok(bytes) => Ok(ReadState::of(Some(&bytes))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ReadState(None)),
            Err(e) => Err(e),
        }
    }
}

/// Replaces `path` with `bytes` atomically unless it changed since it was `read`. A change
/// found before the write or during it (see [`replace_if_unchanged`]) leaves the file as the
/// user left it, saves the new text beside it as a conflict copy (see [`conflict_path`]) and
/// fails with a message naming both.
pub fn save_unless_changed(path: &Path, bytes: &[u8], read: ReadState) -> Result<()> {
    let unchanged = || ReadState::now(path).is_ok_and(|now| now == read);
    let outcome = if unchanged() {
        replace_if_unchanged(path, bytes, &unchanged)?
    } else {
        let copy = conflict_path(path);
        write_new(&copy, bytes)?;
        Replaced::Conflict(copy)
    };
    match outcome {
        Replaced::Done => Ok(()),
        Replaced::Conflict(copy) => Err(Error::user(format!(
            "{} changed on disk since podgloss read it: it was left as it is, and podgloss's \
             version is in {} (merge the two by hand)",
            crate::error::shown(path),
            crate::error::shown(&copy)
        ))),
    }
}

/// `notes.md` -> `notes.podgloss-conflict-20261201T145300Z.md`.
pub fn conflict_path(path: &Path) -> std::path::PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let stamp = utc_stamp(std::time::SystemTime::now());
    let mut name = format!("{stem}.podgloss-conflict-{stamp}");
    if let Some(ext) = path.extension() {
        name.push('.');
        name.push_str(&ext.to_string_lossy());
    }
    let mut candidate = path.with_file_name(&name);
    for n in 2.. {
        if std::fs::symlink_metadata(&candidate).is_err() {
            break;
        }
        candidate = path.with_file_name(name.replacen(&stamp, &format!("{stamp}-{n}"), 1));
    }
    candidate
}

/// `YYYYMMDDTHHMMSSZ` (UTC), from the days-to-civil conversion of Howard Hinnant's date
/// algorithms; a dependency for one timestamp is not worth it.
fn utc_stamp(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The new content in a flushed temporary file beside `path`, with the permissions `path` has.
fn staged<'a>(path: &'a Path, bytes: &[u8]) -> Result<(tempfile::NamedTempFile, &'a Path)> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".podgloss-write-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    temp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    // tempfile creates 0600 files; the result should have the permissions the file had, or
    // the usual 0644 for a new one, not become private behind the user's back.
    let permissions = match std::fs::metadata(path) {
        Ok(metadata) => metadata.permissions(),
        Err(_) => std::os::unix::fs::PermissionsExt::from_mode(0o644),
    };
    temp.as_file()
        .set_permissions(permissions)
        .map_err(|e| Error::io(path, e))?;
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    Ok((temp, dir))
}

/// Why a path that is not a regular file is not read.
pub const NOT_REGULAR: &str = "not a regular file (a pipe, device or socket is never read)";

/// Opens `path` for reading if it is a regular file (symlinks followed). The type is checked
/// before opening (a device is not even opened) and again on the open handle, which was opened
/// non-blocking so that a FIFO swapped in between cannot block.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let not_regular = || std::io::Error::new(std::io::ErrorKind::InvalidInput, NOT_REGULAR);
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// [`std::fs::read`] for regular files only (see [`open_regular`]).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = open_regular(path)?;
    let size = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
    let mut bytes = Vec::with_capacity(size);
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// [`std::fs::read_to_string`] for regular files only (see [`open_regular`]).
pub fn read_regular_to_string(path: &Path) -> std::io::Result<String> {
    let bytes = read_regular(path)?;
    String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))
}

/// Whether `path` is a regular file (symlinks followed). Folder walks use it to skip FIFOs,
/// devices and sockets instead of reading them.
pub fn is_regular(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Flushes a folder's entries (the rename) to disk. Best effort: some filesystems refuse.
pub fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "a new file is not made private");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a private file stays private");
        // A folder where the file should be: the rename fails, nothing is left behind.
        let blocked = dir.path().join("blocked.md");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("inside"), "x").unwrap();
        assert!(write_atomic(&blocked, b"new").is_err());
        assert!(
            write_new(&path, b"never").is_err(),
            "an existing file is not replaced"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.starts_with(".podgloss-write-")),
            "{names:?}"
        );
    }

    #[test]
    fn a_file_changed_during_the_write_is_kept_and_the_new_text_saved_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kv-cache.md");
        std::fs::write(&path, "old").unwrap();
        let done = replace_if_unchanged(&path, b"ours", &|| true).unwrap();
        assert_eq!(done, Replaced::Done);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "ours");
        // The user's editor saves while podgloss is flushing its version.
        let conflict = replace_if_unchanged(&path, b"podgloss", &|| {
            std::fs::write(&path, "editor").unwrap();
            false
        })
        .unwrap();
        let Replaced::Conflict(copy) = conflict else {
            panic!("the change was not noticed");
        };
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "editor");
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), "podgloss");
        let name = copy.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("kv-cache.podgloss-conflict-") && name.ends_with("Z.md"),
            "{name}"
        );
        let again = conflict_path(&path);
        assert_ne!(
            again, copy,
            "a second conflict in the same second gets its own name"
        );
    }

    #[test]
    fn utc_stamps_are_calendar_dates() {
        let at = |secs| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
        assert_eq!(utc_stamp(at(0)), "19700101T000000Z");
        assert_eq!(utc_stamp(at(951_782_400)), "20000229T000000Z");
        assert_eq!(utc_stamp(at(1_796_137_199)), "20261201T145959Z");
    }

    /// Found: a FIFO in the library hung every command that read it.
    #[test]
    fn fifos_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("notes.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            assert!(
                std::env::var_os("CI").is_none(),
                "mkfifo is needed under CI"
            );
            eprintln!("skipping: mkfifo is not available");
            return;
        }
        let (done, finished) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let _ = done.send(read_regular(&path).map_err(|e| e.to_string()));
        });
        let result = finished
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("reading a FIFO must not block");
        assert_eq!(result.unwrap_err(), NOT_REGULAR);
        assert!(!is_regular(&fifo));
        let file = dir.path().join("x.md");
        std::fs::write(&file, "text").unwrap();
        assert_eq!(read_regular(&file).unwrap(), b"text");
        assert!(read_regular(dir.path()).is_err(), "a folder is not read");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feeds.toml");
        std::fs::write(&path, "read").unwrap();
        let read = ReadState::now(&path).unwrap();
        assert_eq!(read, ReadState::of(Some(b"read")));
        save_unless_changed(&path, b"ours", read).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "ours");

        // The user edits it after podgloss read it.
        std::fs::write(&path, "theirs").unwrap();
        let error = save_unless_changed(&path, b"ours again", read).unwrap_err();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "theirs");
        let copies: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p != &path)
            .collect();
        assert_eq!(copies.len(), 1, "{copies:?}");
        assert_eq!(std::fs::read_to_string(&copies[0]).unwrap(), "ours again");
        let name = copies[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with("feeds.podgloss-conflict-") && name.ends_with(".toml"));
        let message = error.to_string();
        assert!(
            message.contains("changed on disk") && message.contains(&name),
            "{message}"
        );

        // A file that did not exist when read and appeared since is not replaced either.
        let new = dir.path().join("new.toml");
        std::fs::write(&new, "appeared").unwrap();
        assert!(save_unless_changed(&new, b"ours", ReadState::of(None)).is_err());
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "appeared");
    }
}
