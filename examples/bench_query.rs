//! In-process measurements for BENCH.md (run by hand, never by `cargo test`; see bench/README.md).
//!
//! ```text
//! cargo run --release --example bench_query -- query LIBRARY [--runs N] [--warmup N] [--limit N] [--json] [QUERY...]
//! cargo run --release --example bench_query -- parse [--runs N] [--json] PATH...
//! cargo run --release --example bench_query -- dump-paragraphs PATH... > paragraphs.jsonl
//! cargo run --release --example bench_query -- stats PATH...
//! cargo run --release --example bench_query -- bare-build PARAGRAPHS.jsonl DIR [--json]
//! ```
//!
//! - `query` (row 3): opens LIBRARY's index once (syncing it if needed, timed separately), then
//!   for each query runs `SearchIndex::query` (parse + search, top `--limit`, snippets included)
//!   `--runs` times after `--warmup` untimed runs, and prints the median per query in ms. Without
//!   QUERY arguments the BENCH.md list is used. The hit count (not timed) is printed for context.
//! - `parse` (row 5): reads every transcript file under PATH (folders are walked, symlinks
//!   followed) into memory first, then times `parse_bytes` + `group_paragraphs` over all of them,
//!   single-threaded and on 2 threads (`std::thread::scope`, files handed out one at a time),
//!   `--runs` times each, and prints the median throughput in MB/s of input bytes.
//! - `dump-paragraphs`: the display paragraphs of every file as JSON lines
//!   `{"episode":..,"start_ms":..,"speaker":..,"text":..}` (what podgloss indexes, one document per
//!   paragraph), for `bench/fts5.py`, so both engines index the same text.
//! - `bare-build` (row 1's floor): tantivy alone, with no podgloss code: reads the JSON lines
//!   of `dump-paragraphs` into memory, then times building an index of them in DIR (which must
//!   not exist) the way the BENCH.md "bare tantivy" anchor describes: `en_stem` text with
//!   positions, stored, plus the episode and start stored, one document per paragraph, tantivy's
//!   default writer (one indexing thread per core) with podgloss's memory budget and its zstd
//!   document store, commit included. Prints the time, the size on disk and the CPU time used.
//! - `stats`: per file, the detected format, segment, paragraph and word counts (tab-separated),
//!   to check that a generated corpus parses like its original.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use podgloss::formats::parse_bytes;
use podgloss::library::Library;
use podgloss::library::scan::is_transcript_file;
use podgloss::model::group_paragraphs;
use podgloss::search::query::Mode;
use podgloss::search::{SearchIndex, SyncOptions};

const BENCH_QUERIES: &[&str] = &[
    "\"machine learning\"",
    "\"type hints\"",
    "garbage collector",
    "\"global interpreter lock\"",
    "kubernetes",
    "\"dependency injection\"",
    "rust AND performance",
    "\"test driven development\"",
];

const USAGE: &str =
    "usage: bench_query query LIBRARY [--runs N] [--warmup N] [--limit N] [--json] [QUERY...]
       bench_query parse [--runs N] [--json] PATH...
       bench_query dump-paragraphs PATH...
       bench_query stats PATH...
       bench_query bare-build PARAGRAPHS.jsonl DIR [--json]";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((mode, rest)) = args.split_first() else {
        fail(USAGE);
    };
    let options = Options::parse(rest);
    match mode.as_str() {
        "query" => query(&options),
        "parse" => parse(&options),
        "dump-paragraphs" => dump_paragraphs(&options),
        "stats" => stats(&options),
        "bare-build" => bare_build(&options),
        _ => fail(USAGE),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2);
}

struct Options {
    runs: usize,
    warmup: usize,
    limit: usize,
    json: bool,
    positional: Vec<String>,
}

impl Options {
    fn parse(args: &[String]) -> Options {
        let mut options = Options {
            runs: 0,
            warmup: 3,
            limit: 20,
            json: false,
            positional: Vec::new(),
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut number = |name: &str| -> usize {
                iter.next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| fail(&format!("{name} needs a number\n{USAGE}")))
            };
            match arg.as_str() {
                "--runs" => options.runs = number("--runs"),
                "--warmup" => options.warmup = number("--warmup"),
                "--limit" => options.limit = number("--limit"),
                "--json" => options.json = true,
                "--" => options.positional.extend(iter.by_ref().cloned()),
                _ => options.positional.push(arg.clone()),
            }
        }
        options
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    let n = times.len();
    if n == 0 {
        Duration::ZERO
    } else if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

// ------------------------------------------------------------------------------------------
// Row 3: in-process queries

fn query(options: &Options) {
    let Some((library, queries)) = options.positional.split_first() else {
        fail(USAGE);
    };
    let queries: Vec<String> = if queries.is_empty() {
        BENCH_QUERIES.iter().map(|q| q.to_string()).collect()
    } else {
        queries.to_vec()
    };
    let runs = if options.runs == 0 { 50 } else { options.runs };
    let library = Library::new(PathBuf::from(library));
    let started = Instant::now();
    let (index, report) = SearchIndex::open(&library, SyncOptions::default())
        .unwrap_or_else(|e| fail(&format!("opening the index: {e}")));
    let open_ms = ms(started.elapsed());
    if let Some(why) = &report.rebuilt {
        eprintln!("note: the index was rebuilt ({why}); build the library first");
    }
    if report.indexed > 0 {
        eprintln!("note: {} units were (re)indexed on open", report.indexed);
    }
    let documents = index.stats().documents;
    if options.json {
        println!(
            "{}",
            serde_json::json!({"open_ms": open_ms, "documents": documents, "runs": runs})
        );
    } else {
        println!(
            "index opened (and sync-checked) in {open_ms:.1} ms: {} documents; {runs} runs per query after {} warm-up runs, top {}",
            documents, options.warmup, options.limit
        );
        println!(
            "{:<28} {:>10} {:>10} {:>10} {:>8}",
            "query", "median ms", "min ms", "max ms", "hits"
        );
    }
    for text in &queries {
        let hits = index
            .count(text, Mode::Strict)
            .unwrap_or_else(|e| fail(&format!("counting {text:?}: {e}")));
        let mut returned = 0;
        let mut times = Vec::with_capacity(runs);
        for run in 0..options.warmup + runs {
            let started = Instant::now();
            let found = index
                .query(text, Mode::Strict, options.limit)
                .unwrap_or_else(|e| fail(&format!("searching {text:?}: {e}")));
            let elapsed = started.elapsed();
            returned = std::hint::black_box(found).len();
            if run >= options.warmup {
                times.push(elapsed);
            }
        }
        let min = times.iter().min().copied().unwrap_or_default();
        let max = times.iter().max().copied().unwrap_or_default();
        let med = median(&mut times);
        if options.json {
            println!(
                "{}",
                serde_json::json!({
                    "query": text, "median_ms": ms(med), "min_ms": ms(min), "max_ms": ms(max),
                    "hits": hits, "returned": returned, "runs": runs,
                })
            );
        } else {
            println!(
                "{:<28} {:>10.3} {:>10.3} {:>10.3} {:>8}",
                text,
                ms(med),
                ms(min),
                ms(max),
                hits
            );
        }
    }
}

// ------------------------------------------------------------------------------------------
// Files

/// Every transcript file under the paths (folders walked, symlinks followed), sorted.
fn transcript_files(paths: &[String]) -> Vec<PathBuf> {
    if paths.is_empty() {
        fail(USAGE);
    }
    let mut files = Vec::new();
    for path in paths {
        walk(Path::new(path), &mut files);
    }
    files.sort();
    files
}

fn walk(path: &Path, files: &mut Vec<PathBuf>) {
    let metadata =
        std::fs::metadata(path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    if metadata.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    let entries =
        std::fs::read_dir(path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    for entry in entries.flatten() {
        let child = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        match std::fs::metadata(&child) {
            Ok(m) if m.is_dir() => walk(&child, files),
            Ok(m) if m.is_file() && is_transcript_file(&child) => files.push(child),
            _ => {}
        }
    }
}

fn read_all(files: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>)> {
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).unwrap_or_else(|e| fail(&format!("{}: {e}", f.display())));
            (f.clone(), bytes)
        })
        .collect()
}

// ------------------------------------------------------------------------------------------
// Row 5: parse throughput

/// Parses and groups one file; returns (paragraphs, failed).
fn parse_one(bytes: &[u8]) -> (usize, bool) {
    match parse_bytes(bytes) {
        Ok(transcript) => (
            std::hint::black_box(group_paragraphs(&transcript)).len(),
            false,
        ),
        Err(_) => (0, true),
    }
}

fn parse_all(contents: &[(PathBuf, Vec<u8>)], threads: usize) -> (Duration, usize, usize) {
    let started = Instant::now();
    let (paragraphs, failed) = if threads <= 1 {
        contents.iter().fold((0, 0), |(p, f), (_, bytes)| {
            let (n, bad) = parse_one(bytes);
            (p + n, f + bad as usize)
        })
    } else {
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut totals = (0, 0);
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some((_, bytes)) = contents.get(i) else {
                                break;
                            };
                            let (n, bad) = parse_one(bytes);
                            totals.0 += n;
                            totals.1 += bad as usize;
                        }
                        totals
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a parse thread panicked"))
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        })
    };
    (started.elapsed(), paragraphs, failed)
}

fn parse(options: &Options) {
    let files = transcript_files(&options.positional);
    let contents = read_all(&files);
    let bytes: usize = contents.iter().map(|(_, b)| b.len()).sum();
    let runs = if options.runs == 0 { 5 } else { options.runs };
    let mb = bytes as f64 / 1e6;
    if !options.json {
        println!(
            "{} files, {mb:.1} MB read into memory; parse_bytes + group_paragraphs, median of {runs} runs",
            contents.len()
        );
    }
    for threads in [1, 2] {
        // One untimed run first, so allocator and caches are warm in every measured run.
        let (_, paragraphs, failed) = parse_all(&contents, threads);
        let mut times: Vec<Duration> = (0..runs).map(|_| parse_all(&contents, threads).0).collect();
        let min = *times.iter().min().unwrap_or(&Duration::ZERO);
        let med = median(&mut times);
        let label = if threads == 1 {
            "single-threaded".to_string()
        } else {
            format!("{threads} threads")
        };
        if options.json {
            println!(
                "{}",
                serde_json::json!({
                    "threads": threads, "files": contents.len(), "bytes": bytes,
                    "median_s": med.as_secs_f64(), "min_s": min.as_secs_f64(),
                    "mb_per_s": mb / med.as_secs_f64(), "paragraphs": paragraphs,
                    "failed": failed, "runs": runs,
                })
            );
        } else {
            println!(
                "{label:<16} {:>8.1} MB/s  (median {:.0} ms, best {:.0} ms; {paragraphs} paragraphs, {failed} files failed)",
                mb / med.as_secs_f64(),
                ms(med),
                ms(min)
            );
        }
    }
    let failures: Vec<String> = contents
        .iter()
        .filter_map(|(path, bytes)| {
            parse_bytes(bytes)
                .err()
                .map(|e| format!("  {}: {e}", path.display()))
        })
        .collect();
    if !failures.is_empty() {
        eprintln!("{} files did not parse:", failures.len());
        for line in failures.iter().take(10) {
            eprintln!("{line}");
        }
    }
}

// ------------------------------------------------------------------------------------------
// Paragraph dump for FTS5, and per-file stats

fn episode_name(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn dump_paragraphs(options: &Options) {
    let files = transcript_files(&options.positional);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut count, mut failed) = (0usize, 0usize);
    for file in &files {
        let bytes =
            std::fs::read(file).unwrap_or_else(|e| fail(&format!("{}: {e}", file.display())));
        let transcript = match parse_bytes(&bytes) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                failed += 1;
                continue;
            }
        };
        let episode = episode_name(file);
        for paragraph in group_paragraphs(&transcript) {
            let line = serde_json::json!({
                "episode": episode,
                "start_ms": paragraph.start,
                "speaker": paragraph.speaker,
                "text": paragraph.text,
            });
            if writeln!(out, "{line}").is_err() {
                return;
            }
            count += 1;
        }
    }
    let _ = out.flush();
    eprintln!(
        "{count} paragraphs from {} files ({failed} failed)",
        files.len() - failed
    );
}

fn stats(options: &Options) {
    let files = transcript_files(&options.positional);
    println!("file\tformat\tsegments\tparagraphs\twords\tspeakers\tlast_start_ms");
    for file in &files {
        let bytes =
            std::fs::read(file).unwrap_or_else(|e| fail(&format!("{}: {e}", file.display())));
        match parse_bytes(&bytes) {
            Ok(transcript) => {
                let paragraphs = group_paragraphs(&transcript);
                let words: usize = transcript
                    .segments
                    .iter()
                    .map(|s| s.text.split_whitespace().count())
                    .sum();
                let mut speakers: Vec<&str> = transcript
                    .segments
                    .iter()
                    .filter_map(|s| s.speaker.as_deref())
                    .collect();
                speakers.sort();
                speakers.dedup();
                let last = transcript.segments.last().map_or(0, |s| s.start);
                println!(
                    "{}\t{}\t{}\t{}\t{words}\t{}\t{last}",
                    file.display(),
                    transcript.format.name(),
                    transcript.segments.len(),
                    paragraphs.len(),
                    speakers.len(),
                )
            }
            Err(e) => println!("{}\terror: {e}\t0\t0\t0\t0\t0", file.display()),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Row 1's floor: tantivy alone

fn bare_build(options: &Options) {
    use tantivy::schema::{
        INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
    };
    use tantivy::store::{Compressor, ZstdCompressor};
    use tantivy::{Index, IndexSettings, TantivyDocument};

    let [paragraphs, dir] = options.positional.as_slice() else {
        fail(USAGE);
    };
    let dir = Path::new(dir);
    if dir.exists() {
        fail(&format!("{}: already exists", dir.display()));
    }
    let text =
        std::fs::read_to_string(paragraphs).unwrap_or_else(|e| fail(&format!("{paragraphs}: {e}")));
    #[derive(serde::Deserialize)]
    struct Paragraph {
        episode: String,
        start_ms: u64,
        text: String,
    }
    let rows: Vec<Paragraph> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| fail(&format!("{e}"))))
        .collect();
    drop(text);

    let mut builder = Schema::builder();
    let episode = builder.add_text_field("episode", STRING | STORED);
    let start = builder.add_u64_field("start", INDEXED | STORED);
    let body = builder.add_text_field(
        "text",
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("en_stem")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored(),
    );
    let schema = builder.build();

    let cpu_before = cpu_seconds();
    let started = Instant::now();
    std::fs::create_dir_all(dir).unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
    let index = Index::builder()
        .schema(schema)
        .settings(IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor::default()),
            ..Default::default()
        })
        .create_in_dir(dir)
        .unwrap_or_else(|e| fail(&format!("creating the index: {e}")));
    let mut writer: tantivy::IndexWriter<TantivyDocument> = index
        .writer(256 * 1024 * 1024)
        .unwrap_or_else(|e| fail(&format!("starting the writer: {e}")));
    for row in &rows {
        let mut doc = TantivyDocument::new();
        doc.add_text(episode, &row.episode);
        doc.add_u64(start, row.start_ms);
        doc.add_text(body, &row.text);
        writer
            .add_document(doc)
            .unwrap_or_else(|e| fail(&format!("indexing: {e}")));
    }
    writer
        .commit()
        .unwrap_or_else(|e| fail(&format!("committing: {e}")));
    writer
        .wait_merging_threads()
        .unwrap_or_else(|e| fail(&format!("merging: {e}")));
    let elapsed = started.elapsed();
    let cpu = cpu_seconds() - cpu_before;
    let bytes: u64 = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    if options.json {
        println!(
            "{}",
            serde_json::json!({
                "seconds": elapsed.as_secs_f64(), "cpu_seconds": cpu, "bytes": bytes,
                "paragraphs": rows.len(),
            })
        );
    } else {
        println!(
            "bare tantivy: {} paragraphs in {:.2} s ({cpu:.2} s of CPU), index {:.1} MB",
            rows.len(),
            elapsed.as_secs_f64(),
            bytes as f64 / 1e6
        );
    }
}

/// User and system CPU time of this process so far, from `/proc/self/stat` (in clock ticks,
/// which are 1/100 s on Linux); 0 where that cannot be read.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name (which may hold spaces, inside parentheses).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}
