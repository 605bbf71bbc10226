//! The manifest's bytes on disk. Every command reads the manifest before it does anything else,
//! so it is a flat little-endian record stream read with no parsing of text, in three sections
//! so that the common case, an unchanged library, reads only what it needs:
//!
//! - *checks*: every path the sync check stats (folders, and files edited in place), as a table
//!   of fixed-size entries over a blob of paths, so two threads can share the work by index
//!   without decoding anything first (see `search::quick_check`);
//! - *episodes*: each episode's summary (what `list` and search hits show), sorted by slug
//!   behind a table of offsets, so a hit's title is one binary search away;
//! - *full*: folder listings and every unit's file stamps and hashes, decoded only when the
//!   library changed and the index has to be brought up to date.
//!
//! Hand-rolled rather than a serde binary format because the dependency tree has none that
//! podgloss may rely on (bincode 1 comes in only through syntect's dumps), and because the
//! sections above are read in place, which a serde format would not allow. Anything unexpected
//! (wrong magic or version, a length past the end, bad UTF-8, trailing bytes) makes the
//! readers return `None`, which callers treat as "rebuild the index".
//!
//! Layout (`str` = u32 length + UTF-8 bytes, `opt<T>` = u8 0/1 + T):
//!
//! ```text
//! header:   magic "PGMANIF\0", u32 FORMAT, u32 schema version,
//!           u64 checks length, u64 episodes length, u64 full length
//! checks:   u32 n, n × (u32 path offset, u32 path length, u8 kind, i64 mtime_ns, u64 size),
//!           then the path blob (kind: 0 folder, 1 file, 2 "no folder here")
//! episodes: u32 n, n × u32 record offset (from the first record), then records sorted by slug:
//!           str slug, u8 has notes, opt<summary>, str main file
//! full:     u32 folders × (str path, i64 mtime_ns, u32 n × str name)
//!           u32 units × (str key, opt<summary>, u32 n × (str path, u64 size, i64 mtime_ns, [u8; 32]))
//! summary = str title, opt<str> heading, opt<str> show, opt<str> published, opt<u64> duration_ms
//! ```

use std::collections::BTreeMap;

use super::{EpisodeSummary, FileStamp, Manifest, UnitRecord, edited_in_place};
use crate::search::stamp::FolderStamp;

const MAGIC: &[u8; 8] = b"PGMANIF\0";
/// Bump when the layout above changes (the schema version is stored beside it).
const FORMAT: u32 = 2;
pub const HEADER_LEN: usize = 8 + 4 + 4 + 3 * 8;
pub const CHECK_ENTRY_LEN: usize = 4 + 4 + 1 + 8 + 8;

/// The folders every sync lists, recorded as absent when they are, so that creating one is seen.
const TOP_FOLDERS: [&str; 2] = ["transcripts", "glossary"];

/// What a check entry asks of its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// A folder whose mtime must not have moved.
    Folder,
    /// A file whose size and mtime must not have moved.
    File,
    /// A path that must not be a folder (it was not one at the last sync).
    NoFolder,
}

/// Where the sections lie in a manifest file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sections {
    pub checks: (u64, u64),
    pub episodes: (u64, u64),
    pub full: (u64, u64),
}

pub fn encode(manifest: &Manifest, schema_version: u32) -> Vec<u8> {
    let checks = encode_checks(manifest);
    let episodes = encode_episodes(manifest);
    let full = encode_full(manifest);
    let mut w = Writer(Vec::with_capacity(
        HEADER_LEN + checks.len() + episodes.len() + full.len(),
    ));
    w.0.extend_from_slice(MAGIC);
    w.u32(FORMAT);
    w.u32(schema_version);
    for section in [&checks, &episodes, &full] {
        w.u64(section.len() as u64);
    }
    for section in [checks, episodes, full] {
        w.0.extend_from_slice(&section);
    }
    w.0
}

/// The sections of a manifest of this format and schema whose file is `file_len` bytes long,
/// from its first [`HEADER_LEN`] bytes.
pub fn sections(header: &[u8], schema_version: u32, file_len: u64) -> Option<Sections> {
    let mut r = Reader {
        bytes: header,
        at: 0,
    };
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != FORMAT || r.u32()? != schema_version {
        return None;
    }
    let checks = (HEADER_LEN as u64, r.u64()?);
    let episodes = (checks.0.checked_add(checks.1)?, r.u64()?);
    let full = (episodes.0.checked_add(episodes.1)?, r.u64()?);
    (full.0.checked_add(full.1)? == file_len).then_some(Sections {
        checks,
        episodes,
        full,
    })
}

/// The whole manifest in `bytes`, if they are a whole manifest of this format and schema.
pub fn decode(bytes: &[u8], schema_version: u32) -> Option<Manifest> {
    let sections = sections(bytes.get(..HEADER_LEN)?, schema_version, bytes.len() as u64)?;
    let (at, len) = sections.full;
    decode_full(bytes.get(at as usize..(at + len) as usize)?)
}

/// Every folder listed, every file edited in place (and any whose stamp is too recent to trust),
/// and the top folders that do not exist: what an unchanged library must still match.
fn encode_checks(manifest: &Manifest) -> Vec<u8> {
    let mut entries: Vec<(&str, CheckKind, i128, u64)> = Vec::new();
    for top in TOP_FOLDERS {
        if !manifest.folders.contains_key(top) {
            entries.push((top, CheckKind::NoFolder, 0, 0));
        }
    }
    for (path, folder) in &manifest.folders {
        entries.push((path, CheckKind::Folder, folder.mtime_ns, 0));
    }
    for unit in manifest.units.values() {
        for file in &unit.files {
            if file.mtime_ns == 0 || edited_in_place(&file.path) {
                entries.push((&file.path, CheckKind::File, file.mtime_ns, file.size));
            }
        }
    }
    // In path order, a folder's files right after it: the kernel finds each path from the
    // entries it has just looked up.
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut w = Writer(Vec::with_capacity(
        4 + entries.len() * (CHECK_ENTRY_LEN + 48),
    ));
    w.len(entries.len());
    let mut offset = 0usize;
    for (path, kind, mtime, size) in &entries {
        w.len(offset);
        w.len(path.len());
        w.u8(*kind as u8);
        w.mtime(*mtime);
        w.u64(*size);
        offset += path.len();
    }
    for (path, ..) in &entries {
        w.0.extend_from_slice(path.as_bytes());
    }
    w.0
}

fn encode_episodes(manifest: &Manifest) -> Vec<u8> {
    let mut records = Writer(Vec::new());
    let mut offsets = Vec::new();
    // Unit keys are sorted, so the records come out in slug order, as the lookup needs.
    for record in manifest.episode_records() {
        offsets.push(records.0.len());
        records.str(&record.slug);
        records.u8(u8::from(record.has_notes));
        match &record.summary {
            None => records.u8(0),
            Some(summary) => {
                records.u8(1);
                records.summary(summary);
            }
        }
        records.str(&record.main_file);
    }
    let mut w = Writer(Vec::with_capacity(4 + offsets.len() * 4 + records.0.len()));
    w.len(offsets.len());
    for offset in offsets {
        w.len(offset);
    }
    w.0.extend_from_slice(&records.0);
    w.0
}

fn encode_full(manifest: &Manifest) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(64 * 1024));
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

fn decode_full(bytes: &[u8]) -> Option<Manifest> {
    let mut r = Reader { bytes, at: 0 };
    let mut folders = BTreeMap::new();
    for _ in 0..r.len()? {
        let path = r.string()?;
        let mtime_ns = r.mtime()?;
        let names = (0..r.len()?)
            .map(|_| r.string())
            .collect::<Option<Vec<_>>>()?;
        folders.insert(path, FolderStamp { mtime_ns, names });
    }
    let mut units = BTreeMap::new();
    for _ in 0..r.len()? {
        let key = r.string()?;
        let summary = r.opt(Reader::summary)?;
        let mut files = Vec::new();
        for _ in 0..r.len()? {
            files.push(FileStamp {
                path: r.string()?,
                size: r.u64()?,
                mtime_ns: r.mtime()?,
                hash: r.take(32)?.try_into().ok()?,
            });
        }
        units.insert(key, UnitRecord { files, summary });
    }
    (r.at == bytes.len()).then_some(Manifest { folders, units })
}

/// One check entry, read in place from the checks section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check<'a> {
    pub path: &'a [u8],
    pub kind: CheckKind,
    pub mtime_ns: i128,
    pub size: u64,
}

/// The checks section, validated once so that entries are then read without failing.
#[derive(Default)]
pub struct Checks<'a> {
    table: &'a [u8],
    blob: &'a [u8],
}

impl<'a> Checks<'a> {
    pub fn parse(section: &'a [u8]) -> Option<Checks<'a>> {
        let mut r = Reader {
            bytes: section,
            at: 0,
        };
        let n = r.u32()? as usize;
        let table = r.take(n.checked_mul(CHECK_ENTRY_LEN)?)?;
        let checks = Checks {
            table,
            blob: &section[r.at..],
        };
        (0..n).all(|i| checks.entry(i).is_some()).then_some(checks)
    }

    pub fn len(&self) -> usize {
        self.table.len() / CHECK_ENTRY_LEN
    }

    /// Entry `i`, which [`Checks::parse`] has validated.
    pub fn get(&self, i: usize) -> Check<'a> {
        self.entry(i).unwrap_or(Check {
            path: b"",
            kind: CheckKind::NoFolder,
            mtime_ns: 0,
            size: 0,
        })
    }

    fn entry(&self, i: usize) -> Option<Check<'a>> {
        let at = i.checked_mul(CHECK_ENTRY_LEN)?;
        let mut r = Reader {
            bytes: self.table.get(at..at + CHECK_ENTRY_LEN)?,
            at: 0,
        };
        let offset = r.u32()? as usize;
        let len = r.u32()? as usize;
        let kind = match r.u8()? {
            0 => CheckKind::Folder,
            1 => CheckKind::File,
            2 => CheckKind::NoFolder,
            _ => return None,
        };
        Some(Check {
            mtime_ns: r.mtime()?,
            size: r.u64()?,
            kind,
            path: self.blob.get(offset..offset.checked_add(len)?)?,
        })
    }
}

/// An episode's record in the episodes section.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeRecord {
    pub slug: String,
    pub has_notes: bool,
    pub summary: Option<EpisodeSummary>,
    /// The transcript, relative to the library (empty when none was recorded).
    pub main_file: String,
}

/// The episodes section, read in place.
pub struct Episodes<'a> {
    offsets: &'a [u8],
    records: &'a [u8],
}

impl<'a> Episodes<'a> {
    pub fn parse(section: &'a [u8]) -> Option<Episodes<'a>> {
        let mut r = Reader {
            bytes: section,
            at: 0,
        };
        let n = r.u32()? as usize;
        let offsets = r.take(n.checked_mul(4)?)?;
        Some(Episodes {
            offsets,
            records: &section[r.at..],
        })
    }

    fn len(&self) -> usize {
        self.offsets.len() / 4
    }

    fn reader(&self, i: usize) -> Option<Reader<'a>> {
        let at = u32::from_le_bytes(self.offsets.get(i * 4..i * 4 + 4)?.try_into().ok()?);
        Some(Reader {
            bytes: self.records,
            at: at as usize,
        })
    }

    /// The record of `slug`, by binary search over the sorted records.
    pub fn find(&self, slug: &str) -> Option<EpisodeRecord> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            let key = self.reader(middle)?.str()?;
            match key.cmp(slug) {
                std::cmp::Ordering::Equal => return self.record(middle),
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
            }
        }
        None
    }

    /// Every record in slug order; `None` if any is damaged.
    pub fn all(&self) -> Option<Vec<EpisodeRecord>> {
        (0..self.len()).map(|i| self.record(i)).collect()
    }

    fn record(&self, i: usize) -> Option<EpisodeRecord> {
        let mut r = self.reader(i)?;
        Some(EpisodeRecord {
            slug: r.string()?,
            has_notes: match r.u8()? {
                0 => false,
                1 => true,
                _ => return None,
            },
            summary: r.opt(Reader::summary)?,
            main_file: r.string()?,
        })
    }
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
        (n <= self.bytes.len().saturating_sub(self.at)).then_some(n)
    }
    fn mtime(&mut self) -> Option<i128> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?) as i128)
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
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
            title: self.string()?,
            heading: self.opt(Self::string)?,
            show: self.opt(Self::string)?,
            published: self.opt(Self::string)?,
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

    /// The sections the fast path reads in place say what the full manifest says.
    #[test]
    fn checks_and_episodes_are_read_in_place() {
        let mut manifest = sample();
        manifest
            .units
            .get_mut("episode:ep-one")
            .unwrap()
            .files
            .push(FileStamp {
                path: "transcripts/ep-one/episode.toml".into(),
                size: 40,
                mtime_ns: 1_700_000_000_000_000_000,
                hash: [1; 32],
            });
        let bytes = encode(&manifest, 3);
        let at = sections(&bytes[..HEADER_LEN], 3, bytes.len() as u64).unwrap();
        let slice = |(start, len): (u64, u64)| &bytes[start as usize..(start + len) as usize];
        let checks = Checks::parse(slice(at.checks)).unwrap();
        let entries: Vec<(String, CheckKind)> = (0..checks.len())
            .map(|i| checks.get(i))
            .map(|c| (String::from_utf8(c.path.to_vec()).unwrap(), c.kind))
            .collect();
        let expected = [
            ("glossary", CheckKind::NoFolder),
            ("transcripts", CheckKind::Folder),
            ("transcripts/ep-one/episode.toml", CheckKind::File),
            // Too recent to trust, so checked although not edited in place.
            ("transcripts/ep-one/transcript.vtt", CheckKind::File),
        ];
        let expected: Vec<(String, CheckKind)> =
            expected.iter().map(|(p, k)| (p.to_string(), *k)).collect();
        assert_eq!(entries, expected, "in path order");
        let episodes = Episodes::parse(slice(at.episodes)).unwrap();
        let found = episodes.find("ep-one").unwrap();
        assert_eq!(found.summary, manifest.units["episode:ep-one"].summary);
        assert_eq!(found.main_file, "transcripts/ep-one/transcript.vtt");
        assert!(episodes.find("ep-two").is_none() && episodes.find("").is_none());
        assert_eq!(episodes.all().unwrap().len(), 1);
        // A damaged table is refused, not read past its end.
        assert!(Checks::parse(&slice(at.checks)[..10]).is_none());
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
