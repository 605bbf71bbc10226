#!/usr/bin/env python3
"""Turns the raw figures `bench/run` left in its work folder into the Markdown for
bench/RESULTS.md:  python3 bench/report.py /tmp/podgloss-bench/run"""

import json
import os
import re
import sys
from pathlib import Path

W = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/podgloss-bench/run")


def read(name):
    return (W / name).read_text()


def jsonl(name):
    return [json.loads(line) for line in read(name).splitlines() if line.strip()]


def peak_rss_mb(name):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", read(name))
    return int(m.group(1)) / 1024 if m else float("nan")


def cpu_s(name):
    """User + system CPU seconds from a `/usr/bin/time -v` file."""
    text = read(name)
    user = re.search(r"User time \(seconds\): ([\d.]+)", text)
    system = re.search(r"System time \(seconds\): ([\d.]+)", text)
    return float(user.group(1)) + float(system.group(1)) if user and system else float("nan")


def hms(millis):
    seconds = round(millis / 1000)
    return f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"


def stat_floor_ms(tag):
    """Median of bench/stat-floor.c's "relative, 2 threads" figure over its runs, or None."""
    f = W / f"floor-stat-{tag}.out"
    if not f.exists():
        return None
    values = sorted(float(m) for m in re.findall(r"relative, 2 threads: *([\d.]+) ms", f.read_text()))
    return values[len(values) // 2] if values else None


def start_ms():
    """Median of `podgloss --version` (hyperfine), or None."""
    f = W / "floor-start.json"
    return json.loads(f.read_text())["results"][0]["median"] * 1000 if f.exists() else None


def floor_line(row, tag, name):
    """The context row under rows 2 and 9: process start + the sync check's stat calls."""
    start, stat = start_ms(), stat_floor_ms(tag)
    if start is None and stat is None:
        return
    parts = [f"start {ms(start)}" if start is not None else "start not measured"]
    parts.append(f"stat check {ms(stat)} (2 threads)" if stat is not None else "stat check not measured (no gcc)")
    p(
        f"| {row} | floor in this run, corpus {name}: `podgloss --version` + `bench/stat-floor.c` "
        f"| {' + '.join(parts)} | | | (context, not a target) | |"
    )


def ok(flag):
    return "yes" if flag else "**no**"


def ms(x):
    return f"{x:.1f} ms" if x >= 10 else f"{x:.2f} ms" if x >= 0.1 else f"{x:.3f} ms"


meta = json.load(open(W / "meta.json"))
out = []
p = out.append
p(f"## {meta['date']}")
p("")
dirty = " plus uncommitted changes" if meta.get("dirty") else ""
if meta.get("prebuilt"):
    dirty += " (binary as found in target/release, `--no-build`)"
p(f"- machine: `nproc` = {meta['nproc']}, CPU: {meta['cpu']}, Linux {meta['kernel']}")
p(f"- podgloss: commit {meta['commit']}{dirty}, {meta['rustc']}, release build")
p(f"- anchors: {meta['rg']}, {meta['hyperfine']}, SQLite {meta['sqlite']} FTS5 (Python sqlite3)")
if "loadavg_start" in meta:
    p(
        f"- load average (1, 5, 15 min) at start {', '.join(meta['loadavg_start'])}, "
        f"at end {', '.join(meta.get('loadavg_end', ['?']))} (above 1 on 2 cores: other work competed)"
    )
p(f"- corpus A: {meta['corpus_a_files']} files, {meta['corpus_a_bytes'] / 1e6:.1f} MB")
if "corpus_b" in meta:
    p(f"- corpus B: {meta['corpus_b_files']} files, {meta['corpus_b_bytes'] / 1e6:.1f} MB")
p("")

# Row 1 ------------------------------------------------------------------------------------------
imp_ms = int(read("row1-import.ms"))
idx_ms = int(read("row1-index.ms"))
total_s = (imp_ms + idx_ms) / 1000
rss = max(peak_rss_mb("row1-import.time"), peak_rss_mb("row1-index.time"))
index_bytes = int(read("row1-index.bytes"))
fts = json.loads(read("row1-fts5.json"))
build_ratio = total_s / fts["build_s"]
size_ratio = index_bytes / fts["db_bytes"]

# Row 3 ------------------------------------------------------------------------------------------
pq = [r for r in jsonl("row3-podgloss.jsonl") if "query" in r]
open_ms = next((r["open_ms"] for r in jsonl("row3-podgloss.jsonl") if "open_ms" in r), None)
fq = jsonl("row3-fts5.jsonl")

# Row 4 / 5 --------------------------------------------------------------------------------------
r4 = json.loads(read("row4.json"))["results"][0]
r5 = {r["threads"]: r for r in jsonl("row5.jsonl")}

p("| # | measure | podgloss | anchor (same run) | ratio | target | met |")
p("|---|---|---|---|---|---|---|")
cpu = cpu_s("row1-import.time") + cpu_s("row1-index.time")
p(
    f"| 1 | import + index corpus A from scratch, whole process | {total_s:.2f} s "
    f"(import {imp_ms / 1000:.2f} s + index {idx_ms / 1000:.2f} s), CPU {cpu:.2f} s (user + sys), peak RSS {rss:.0f} MB "
    f"| FTS5 build {fts['build_s']:.2f} s ({fts['paragraphs']} paragraphs) | {build_ratio:.2f}x FTS5's time | <= 0.5x | {ok(build_ratio <= 0.5)} |"
)
p(
    f"| 1 | index size on disk | {index_bytes / 1e6:.1f} MB | FTS5 database {fts['db_bytes'] / 1e6:.1f} MB "
    f"| {size_ratio:.2f}x FTS5's size | <= 0.5x | {ok(size_ratio <= 0.5)} |"
)
bare = json.loads(read("row1-bare.json")) if (W / "row1-bare.json").exists() else None
if bare:
    p(
        f"| 1 | floor in this run: tantivy alone over the same paragraphs (`bench_query bare-build`) "
        f"| {bare['seconds']:.2f} s, CPU {bare['cpu_seconds']:.2f} s, index {bare['bytes'] / 1e6:.1f} MB "
        f"| FTS5 build {fts['build_s']:.2f} s | tantivy alone: {bare['seconds']:.2f} s = {bare['seconds'] / fts['build_s']:.2f}x FTS5 "
        f"(podgloss takes {total_s / bare['seconds']:.2f}x its time); size {bare['bytes'] / fts['db_bytes']:.2f}x FTS5's "
        f"| (context, not a target) | |"
    )

if "corpus_b" in meta and (W / "libb-import.ms").exists() and (W / "row1-fts5-b.json").exists():
    bi, bx = int(read("libb-import.ms")), int(read("libb-index.ms"))
    fb = json.loads(read("row1-fts5-b.json"))
    bt = (bi + bx) / 1000
    bb = int(read("libb-index.bytes"))
    p(
        f"| 1 | import + index corpus B from scratch (when the B library was built) | {bt:.1f} s, index {bb / 1e6:.0f} MB "
        f"| FTS5 build {fb['build_s']:.1f} s, database {fb['db_bytes'] / 1e6:.0f} MB | {bt / fb['build_s']:.2f}x FTS5's time, "
        f"{bb / fb['db_bytes']:.2f}x its size | <= 0.5x (A's target) | {ok(bt / fb['build_s'] <= 0.5 and bb / fb['db_bytes'] <= 0.5)} |"
    )


def row2(tag, need):
    rows = []
    files = sorted(W.glob(f"row2-{tag}-*.json"), key=lambda f: int(f.stem.rsplit("-", 1)[1]))
    for f in files:
        res = json.load(open(f))["results"]
        pg, rg = res[0]["median"] * 1000, res[1]["median"] * 1000
        rows.append((pg, rg))
    return rows


queries = [r["query"] for r in pq]
for tag, name, need in (("a", "A", 5), ("b", "B", 40)):
    rows = row2(tag, need)
    if not rows:
        if tag == "b":
            p("| 2 | `podgloss search` whole process, corpus B | not run (`bench/run --with-b`) | | | >= 40x faster than rg | |")
        continue
    for q, (pg, rg) in zip(queries, rows):
        speed = rg / pg
        target = f"<= 6 ms and >= {need}x faster than rg" if tag == "a" else f">= {need}x faster than rg"
        met = speed >= need and (pg <= 6 or tag == "b")
        p(
            f"| 2 | `podgloss search '{q}' --limit 20` whole process, warm, corpus {name} "
            f"| {ms(pg)} | `rg -i -c` {ms(rg)} | {speed:.1f}x as fast as rg | {target} | {ok(met)} |"
        )
    floor_line(2, tag, name)
def row3(pq, fq, name):
    for a, b in zip(pq, fq):
        ratio = a["median_ms"] / b["median_ms"]
        p(
            f"| 3 | in-process `{a['query']}`, top 20 + snippets ({a['hits']} hits), corpus {name} | {ms(a['median_ms'])} "
            f"| FTS5 {ms(b['median_ms'])} ({b['hits']} hits) | {ratio:.2f}x FTS5's time | <= 0.5x | {ok(ratio <= 0.5)} |"
        )


row3(pq, fq, "A")
if (W / "row3-podgloss-b.jsonl").exists():
    row3([r for r in jsonl("row3-podgloss-b.jsonl") if "query" in r], jsonl("row3-fts5-b.jsonl"), "B")
for name, r in (("A", r4), ("B", json.loads(read("row4-b.json"))["results"][0] if (W / "row4-b.json").exists() else None)):
    if r is None:
        continue
    r4ms = r["median"] * 1000
    p(
        f"| 4 | `podgloss import` of one new episode into indexed corpus {name}, whole process "
        f"| {ms(r4ms)} (min {ms(r['min'] * 1000)}) | | | <= 200 ms | {ok(r4ms <= 200)} |"
    )
one = r5[1]
p(
    f"| 5 | parse corpus A (`parse_bytes` + `group_paragraphs`, in memory), single-threaded "
    f"| {one['mb_per_s']:.1f} MB/s ({one['bytes'] / 1e6:.1f} MB in {one['median_s']:.2f} s, {one['failed']} files failed) "
    f"| | | >= 150 MB/s | {ok(one['mb_per_s'] >= 150)} |"
)
if 2 in r5:
    two = r5[2]
    p(
        f"| 5 | the same on 2 threads (`std::thread::scope`) | {two['mb_per_s']:.1f} MB/s "
        f"({two['median_s']:.2f} s) | | | (for reference) | |"
    )
if (W / "row6-8.json").exists():
    tui = json.loads(read("row6-8.json"))
    size = f"{tui['width']}x{tui['height']}"
    p(
        f"| 6 | `podgloss open {tui['slug']}` ({hms(tui['duration_ms'])}, corpus A's longest) to the first frame, "
        f"in process (`examples/bench_tui`, {size}, index sync left out) | {ms(tui['first_frame_ms'])} "
        f"(median of {tui['first_frame_runs']}) | | | <= 30 ms | {ok(tui['first_frame_ms'] <= 30)} |"
    )
    p(
        f"| 7 | TUI: one scroll key (`j`) to the next frame at {size}, in process | {ms(tui['scroll_ms'])} "
        f"(median of {tui['scroll_keys']}) | | | <= 2 ms | {ok(tui['scroll_ms'] <= 2)} |"
    )
    p(
        f"| 8 | TUI resident memory, corpus A library: episode open, index synced and opened, one search answered "
        f"| {tui['rss_mb']:.0f} MB (peak {tui['peak_rss_mb']:.0f} MB) | | | <= 60 MB | {ok(tui['peak_rss_mb'] <= 60)} |"
    )
else:
    p("| 6-8 | TUI in process (`examples/bench_tui`) | not run (no `row6-8.json`) | | | | |")
if (W / "row9.json").exists():
    res = json.loads(read("row9.json"))["results"]
    pg, rg = res[0]["median"] * 1000, res[1]["median"] * 1000
    p(
        f"| 9 | `podgloss list` whole process, warm, corpus A | {ms(pg)} | `rg -i -c 'machine learning'` {ms(rg)} "
        f"| {rg / pg:.1f}x as fast as rg | <= 8 ms and >= 3x | {ok(pg <= 8 and rg / pg >= 3)} |"
    )
    floor_line(9, "a", "A")
if (W / "row10.json").exists():
    r10 = json.loads(read("row10.json"))
    p(
        f"| 10 | `podgloss open {r10['slug']}` to the first frame in a pty (200x60), process start included, corpus A "
        f"| {ms(r10['median_ms'])} (min {ms(r10['min_ms'])}, max {ms(r10['max_ms'])}) | | | <= 50 ms | {ok(r10['median_ms'] <= 50)} |"
    )
p(
    f"| 11 | peak memory of `import` of corpus A (`/usr/bin/time -v`) | {peak_rss_mb('row1-import.time'):.0f} MB | | | below 158 MB "
    f"| {ok(peak_rss_mb('row1-import.time') < 158)} |"
)
if (W / "row11-json.time").exists():
    json_in = int(read("row11-json.bytes"))
    json_peak = peak_rss_mb("row11-json.time") * 1024 * 1024
    p(
        f"| 11 | peak memory of `import` of one word-level Podcasting 2.0 JSON of {json_in / 1e6:.1f} MB "
        f"(corpus A's words, `bench/make_p20_json.py`) | {json_peak / 1e6:.1f} MB | input {json_in / 1e6:.1f} MB "
        f"| {json_peak / json_in:.2f}x the input | <= 4x the input | {ok(json_peak <= 4 * json_in)} |"
    )
p("")

# Details ----------------------------------------------------------------------------------------
p("Ratios: \"x FTS5's time/size\" is podgloss / FTS5 (lower is better); \"x as fast as rg\" is rg's time / podgloss's (higher is better).")
p("")
p("Details:")
p("")
p(
    f"- Row 1: podgloss figures are whole-process wall times of `podgloss --library LIB import CORPUS_A` "
    f"then `podgloss --library LIB index` (import already syncs the index; the index step checks it); "
    f"peak RSS {peak_rss_mb('row1-import.time'):.0f} MB (import), {peak_rss_mb('row1-index.time'):.0f} MB (index). "
    f"FTS5: `CREATE VIRTUAL TABLE ... fts5(episode UNINDEXED, start_ms UNINDEXED, text, tokenize='porter')`, "
    f"one transaction of INSERTs from memory ({fts['text_mb']:.1f} MB of paragraph text), commit. "
    f"CPU time is user + sys of both processes from `/usr/bin/time -v`."
)
if bare:
    p(
        f"- Row 1's floor: `bench_query bare-build`, tantivy with no podgloss code over the same "
        f"{bare['paragraphs']} paragraphs (read into memory first, not timed): `en_stem` text with positions, "
        f"stored, episode and start stored, default writer (one indexing thread per core), zstd store, commit and "
        f"merges included; run right after the FTS5 build into a fresh folder. The earlier run's library is moved "
        f"aside rather than deleted before row 1 and deleted after this floor (ext4 without a journal "
        f"slows inode allocation after a large delete: bench/README.md)."
    )
if "corpus_b" in meta and (W / "libb-import.ms").exists():
    bi, bx = int(read("libb-import.ms")), int(read("libb-index.ms"))
    bb = int(read("libb-index.bytes"))
    rssb = max(peak_rss_mb("libb-import.time"), peak_rss_mb("libb-index.time"))
    p(
        f"- Corpus B library (not a target): import + index {(bi + bx) / 1000:.1f} s "
        f"(import {bi / 1000:.1f} s, index {bx / 1000:.1f} s), index {bb / 1e6:.0f} MB, peak RSS {rssb:.0f} MB."
    )
p(
    "- Row 2: hyperfine `-N --warmup 3`, median; podgloss output goes to /dev/null (plain text). "
    "rg runs the same question as a line regex (`garbage.*collector|collector.*garbage` for `garbage collector`, "
    "likewise for `rust AND performance`) over the corpus folder."
)
if start_ms() is not None or stat_floor_ms("a") is not None:
    p(
        "- Floor of rows 2 and 9: process start is hyperfine `-N --warmup 3` median of `podgloss --version` "
        "(same runs as row 2); the stat check is `bench/stat-floor.c` on the same library (the folder and "
        "`episode.toml` of every episode, `fstatat` relative to `transcripts/`, on 2 threads), median of 5 warm runs. "
        "Neither is a target: they show how much of rows 2 and 9 is start-up and stat calls."
    )
p(
    f"- Row 3: median of {pq[0]['runs']} runs per query after 3 warm-up runs; podgloss times `compile` + "
    "`SearchIndex::search` (top 20, snippets, stored fields), FTS5 times `SELECT ... snippet(...) ... "
    "ORDER BY rank LIMIT 20` through Python's sqlite3 (its per-call overhead counts against FTS5)."
    + (f" Opening the corpus A index in process, sync check included, took {open_ms:.1f} ms." if open_ms else "")
)
p(
    f"- Row 4: hyperfine `-N`, {r4['times'].__len__()} runs; `--prepare` removes the episode and syncs the index "
    f"(`podgloss index`), so each run imports into an up-to-date library; file: `{os.path.basename(meta['new_episode'])}`."
)
if (W / "row6-8.json").exists():
    p(
        f"- Rows 6-8: `examples/bench_tui LIB {tui['slug']} --json`, in process, frames drawn to ratatui's "
        f"TestBackend ({size}), so terminal I/O is not counted (row 10 counts it). Row 6: a new `App`, the "
        f"glossary and the episode loaded (the worker's work, run inline) and the first frame, {tui['first_frame_runs']} "
        f"times, median; {tui['slug']} lasts {hms(tui['duration_ms'])}, the longest episode of corpus A "
        f"(BENCH.md's \"3-hour episode\"). Row 7: `j` and the next frame, {tui['scroll_keys']} times, median. "
        f"Row 8: `VmRSS` (and `VmHWM`, the peak, which decides \"met\") of that process after rows 6 and 7, "
        f"once the worker has synced and opened the index and answered `\"machine learning\"` typed into the "
        f"library's search screen."
    )
p("")
print("\n".join(out))
