//! What a glossary file looked like when it was read, so that a later write can tell whether
//! someone else changed it in between (SPEC §9: never overwrite a file changed on disk).

use std::io::{self, Read};
use std::path::Path;
use std::time::SystemTime;

/// Size, modification time and BLAKE3 hash of a file's bytes as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    pub size: u64,
    /// `None` where the filesystem keeps no modification time.
    pub modified: Option<SystemTime>,
    pub hash: [u8; 32],
}

impl Fingerprint {
    /// The fingerprint of `bytes`, read from a file last modified at `modified`.
    pub fn of(bytes: &[u8], modified: Option<SystemTime>) -> Self {
        Fingerprint {
            size: bytes.len() as u64,
            modified,
            hash: *blake3::hash(bytes).as_bytes(),
        }
    }

    /// Reads a file and fingerprints what was read (metadata taken from the same open handle).
    pub fn read(path: &Path) -> io::Result<(Vec<u8>, Fingerprint)> {
        let mut file = crate::fsutil::open_regular(path)?;
        let modified = file.metadata()?.modified().ok();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let fingerprint = Fingerprint::of(&bytes, modified);
        Ok((bytes, fingerprint))
    }

    /// Whether two reads saw the same bytes. The modification time is deliberately left out: a
    /// `touch` or a checkout that rewrites identical bytes loses nothing if we write over it.
    pub fn same_content(&self, other: &Fingerprint) -> bool {
        self.size == other.size && self.hash == other.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_content_ignores_the_time_only() {
        let a = Fingerprint::of(b"abc", None);
        let b = Fingerprint::of(b"abc", Some(SystemTime::now()));
        assert!(a.same_content(&b));
        assert_ne!(a, b);
        assert!(!a.same_content(&Fingerprint::of(b"abd", None)));
    }

    #[test]
    fn read_fingerprints_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        std::fs::write(&path, "# x\n").unwrap();
        let (bytes, fp) = Fingerprint::read(&path).unwrap();
        assert_eq!(bytes, b"# x\n");
        assert_eq!(fp.size, 4);
        assert!(fp.same_content(&Fingerprint::of(b"# x\n", None)));
    }
}
