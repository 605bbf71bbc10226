//! One episode in two formats: transcript archives often publish the same episode as `x.vtt` and
//! `x.txt` side by side. A folder import makes one episode of them, from the richest file, and
//! says which files it left out and why, instead of importing `x` and `x-2`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::formats;
use crate::model::{Format, Transcript};

/// Files found in folders, with what the user gave (the folder): the ones to import, and the ones
/// left out with the reason.
pub(crate) fn keep_richest(
    files: Vec<(PathBuf, String)>,
) -> (Vec<(PathBuf, String)>, Vec<(PathBuf, String)>) {
    let mut groups: BTreeMap<(PathBuf, String), Vec<usize>> = BTreeMap::new();
    for (i, (file, given_as)) in files.iter().enumerate() {
        if Path::new(given_as) == file {
            continue;
        }
        let key = (
            file.parent().map(Path::to_path_buf).unwrap_or_default(),
            file.file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_lowercase(),
        );
        groups.entry(key).or_default().push(i);
    }
    let mut left_out: Vec<Option<String>> = vec![None; files.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        let ranked: Vec<(usize, Option<Richness>)> = members
            .iter()
            .map(|&i| (i, richness(&files[i].0)))
            .collect();
        let Some(&(best, Some(best_rank))) = ranked
            .iter()
            .filter(|(_, r)| r.is_some())
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        else {
            continue;
        };
        let best_name = file_name(&files[best].0);
        for &(i, rank) in &ranked {
            if let (true, Some(rank)) = (i != best, rank) {
                left_out[i] = Some(format!(
                    "the same episode as {best_name}, which was imported instead ({})",
                    best_rank.over(rank)
                ));
            }
        }
    }
    let mut keep = Vec::new();
    let mut skipped = Vec::new();
    for ((file, given_as), reason) in files.into_iter().zip(left_out) {
        match reason {
            Some(reason) => skipped.push((file, reason)),
            None => keep.push((file, given_as)),
        }
    }
    (keep, skipped)
}

/// What makes one copy of an episode richer than another, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Richness {
    timed: bool,
    speakers: bool,
    word_times: bool,
    /// Cue end times written in the file, not guessed from the next start (subtitle formats).
    written_ends: bool,
    segments: usize,
}

impl Richness {
    /// What `self` has that `other` lacks, for the message.
    fn over(self, other: Richness) -> String {
        let mut has = Vec::new();
        for (mine, theirs, what) in [
            (self.timed, other.timed, "times"),
            (self.speakers, other.speakers, "speakers"),
            (self.word_times, other.word_times, "word timings"),
            (self.written_ends, other.written_ends, "written end times"),
        ] {
            if mine && !theirs {
                has.push(what);
            }
        }
        if has.is_empty() {
            format!("{} segments against {}", self.segments, other.segments)
        } else {
            format!("it has {}", has.join(", "))
        }
    }
}

fn richness(file: &Path) -> Option<Richness> {
    let bytes = std::fs::read(file).ok()?;
    let transcript: Transcript = formats::parse_bytes(&bytes).ok()?;
    Some(Richness {
        timed: transcript.timed,
        speakers: transcript.segments.iter().any(|s| s.speaker.is_some()),
        word_times: transcript.segments.iter().any(|s| !s.words.is_empty()),
        written_ends: !matches!(
            transcript.format,
            Format::TimestampedText | Format::Markdown | Format::PlainText
        ),
        segments: transcript.segments.len(),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_copy_with_speakers() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("show");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("399-monorepos.vtt"),
            "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>One repo for everything.\n\n\
             00:00:05.000 --> 00:00:08.000\n<v Bo>Even the docs?\n",
        )
        .unwrap();
        std::fs::write(
            folder.join("399-monorepos.txt"),
            "00:00:01 One repo for everything.\n\n00:00:05 Even the docs?\n",
        )
        .unwrap();
        std::fs::write(
            folder.join("400-other.txt"),
            "00:00:01 Hi.\n\n00:00:05 Bye.\n",
        )
        .unwrap();
        let given = dir.path().to_string_lossy().into_owned();
        let mut files: Vec<(PathBuf, String)> =
            ["399-monorepos.txt", "399-monorepos.vtt", "400-other.txt"]
                .iter()
                .map(|n| (folder.join(n), given.clone()))
                .collect();
        files.sort();
        let (keep, skipped) = keep_richest(files);
        let kept: Vec<String> = keep.iter().map(|(f, _)| file_name(f)).collect();
        assert_eq!(kept, ["399-monorepos.vtt", "400-other.txt"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(file_name(&skipped[0].0), "399-monorepos.txt");
        assert!(
            skipped[0].1.contains("399-monorepos.vtt"),
            "{}",
            skipped[0].1
        );
        assert!(skipped[0].1.contains("speakers"), "{}", skipped[0].1);
    }
}
