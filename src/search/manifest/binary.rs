//! The manifest's bytes on disk. Every command reads the manifest before it does anything else,
//! so it is a flat little-endian record stream read in one pass with no parsing of text: a
//! 1,400-episode library loads in well under a millisecond, where the JSON it replaces took
//! several (700 KB of hex hashes and quoted paths through serde_json into maps).
//!
//! Hand-rolled rather than a serde binary format because the dependency tree has none that
//! podgloss may rely on (bincode 1 comes in only through syntect's dumps), and the layout is
//! five record kinds: a header, folder stamps, unit records, file stamps and episode summaries.
//! Anything unexpected (wrong magic or version, a length past the end, bad UTF-8, trailing
//! bytes) makes [`decode`] return `None`, which callers treat as "rebuild the index".
//!
//! Layout (`str` = u32 length + UTF-8 bytes, `opt<T>` = u8 0/1 + T):
//!
//! ```text
//! magic "PGMANIF\0", u32 FORMAT, u32 schema version
//! u32 folders × (str path, i64 mtime_ns, u32 n × str name)
//! u32 units × (str key, opt<summary>, u32 n × (str path, u64 size, i64 mtime_ns, [u8; 32] blake3))
//! summary = str title, opt<str> heading, opt<str> show, opt<str> published, opt<u64> duration_ms
//! ```

use std::collections::BTreeMap;

use super::{EpisodeSummary, FileStamp, Manifest, UnitRecord};
use crate::search::stamp::FolderStamp;

const MAGIC: &[u8; 8] = b"PGMANIF\0";
/// Bump when the layout above changes (the schema version is stored beside it).
const FORMAT: u32 = 1;

pub fn encode(manifest: &Manifest, schema_version: u32) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(64 * 1024));
    w.0.extend_from_slice(MAGIC);
    w.u32(FORMAT);
    w.u32(schema_version);
    w.len(manifest.folders.len());
    for (path, folder) in &manifest.folders {
        w.str(path);
        w.mtime(folder.mtime_ns);
        w.len(folder.names.len());
        for name in &folder.names {
            w.str(name);
        }
    }
    w.len(manifest.units.len());
    for (key, unit) in &manifest.units {
        w.str(key);
        match &unit.summary {
            None => w.u8(0),
            Some(summary) => {
                w.u8(1);
                w.summary(summary);
            }
        }
        w.len(unit.files.len());
        for file in &unit.files {
            w.str(&file.path);
            w.u64(file.size);
            w.mtime(file.mtime_ns);
            w.0.extend_from_slice(&file.hash);
        }
    }
    w.0
}

/// The manifest in `bytes`, if they are a whole manifest of this format and schema.
pub fn decode(bytes: &[u8], schema_version: u32) -> Option<Manifest> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != FORMAT || r.u32()? != schema_version {
        return None;
    }
    let mut folders = BTreeMap::new();
    for _ in 0..r.len()? {
        let path = r.str()?;
        let mtime_ns = r.mtime()?;
        let names = (0..r.len()?).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
        folders.insert(path, FolderStamp { mtime_ns, names });
    }
    let mut units = BTreeMap::new();
    for _ in 0..r.len()? {
        let key = r.str()?;
        let summary = match r.u8()? {
            0 => None,
            1 => Some(r.summary()?),
            _ => return None,
        };
        let mut files = Vec::new();
        for _ in 0..r.len()? {
            files.push(FileStamp {
                path: r.str()?,
                size: r.u64()?,
                mtime_ns: r.mtime()?,
                hash: r.take(32)?.try_into().ok()?,
            });
        }
        units.insert(key, UnitRecord { files, summary });
    }
    (r.at == bytes.len()).then_some(Manifest { folders, units })
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    /// Nanosecond times fit an i64 until 2262; one that does not is stored as 0, "not
    /// trusted", which only costs a content check.
    fn mtime(&mut self, ns: i128) {
        self.0
            .extend_from_slice(&i64::try_from(ns).unwrap_or(0).to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    fn summary(&mut self, summary: &EpisodeSummary) {
        self.str(&summary.title);
        self.opt_str(summary.heading.as_deref());
        self.opt_str(summary.show.as_deref());
        self.opt_str(summary.published.as_deref());
        match summary.duration_ms {
            None => self.u8(0),
            Some(ms) => {
                self.u8(1);
                self.u64(ms);
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count; one larger than the bytes left could hold is damage, not a reason to allocate.
    fn len(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.bytes.len() - self.at).then_some(n)
    }
    fn mtime(&mut self) -> Option<i128> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?) as i128)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_string)
    }
    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }
    fn summary(&mut self) -> Option<EpisodeSummary> {
        Some(EpisodeSummary {
            title: self.str()?,
            heading: self.opt(Self::str)?,
            show: self.opt(Self::str)?,
            published: self.opt(Self::str)?,
            duration_ms: self.opt(Self::u64)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let mut manifest = Manifest::default();
        manifest.folders.insert(
            "transcripts".into(),
            FolderStamp {
                mtime_ns: 1_700_000_000_123_456_789,
                names: vec!["ep-one".into(), "Bare File.srt".into()],
            },
        );
        manifest.units.insert(
            "episode:ep-one".into(),
            UnitRecord {
                files: vec![FileStamp {
                    path: "transcripts/ep-one/transcript.vtt".into(),
                    size: 12_345,
                    mtime_ns: 0,
                    hash: [7; 32],
                }],
                summary: Some(EpisodeSummary {
                    title: "Épisode one".into(),
                    heading: Some("Episode One: the transcript's own title".into()),
                    show: None,
                    published: Some("2024-03-28".into()),
                    duration_ms: Some(3_600_000),
                }),
            },
        );
        manifest.units.insert(
            "glossary:kv-cache.md".into(),
            UnitRecord {
                files: vec![],
                summary: None,
            },
        );
        manifest
    }

    #[test]
    fn round_trips() {
        let manifest = sample();
        assert_eq!(decode(&encode(&manifest, 3), 3), Some(manifest));
    }

    #[test]
    fn other_versions_and_damage_are_refused() {
        let bytes = encode(&sample(), 3);
        assert_eq!(decode(&bytes, 4), None, "another schema");
        for cut in [0, 7, 20, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..cut], 3), None, "truncated at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer, 3), None, "trailing bytes");
        let mut huge = bytes.clone();
        huge[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decode(&huge, 3), None, "a count past the end");
    }
}
