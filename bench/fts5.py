#!/usr/bin/env python3
"""SQLite FTS5 anchor for BENCH.md rows 1 and 3.

    python3 bench/fts5.py build PARAGRAPHS.jsonl DB [--json]
    python3 bench/fts5.py query DB [--runs N] [--warmup N] [--limit N] [--json] [QUERY...]

`build` reads the JSON lines written by `cargo run --release --example bench_query --
dump-paragraphs` (podgloss's own display paragraphs, so both engines index the same text) into
memory, then times creating the FTS5 table (`tokenize='porter'`), inserting every paragraph in one
transaction and committing; it reports that time and the database's size on disk. `--optimize`
also merges the FTS5 b-trees afterwards (timed separately; not part of the build figure).

`query` opens the database once and, for each query (the BENCH.md list when none is given), runs
the top `--limit` (20) rows by rank with `snippet()` `--runs` (50) times after `--warmup` (3)
untimed runs, and prints the median in ms, plus the number of matching rows (counted once, not
timed). The query strings are FTS5 syntax; the BENCH.md ones mean the same in both engines.
"""

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time

BENCH_QUERIES = [
    '"machine learning"',
    '"type hints"',
    "garbage collector",
    '"global interpreter lock"',
    "kubernetes",
    '"dependency injection"',
    "rust AND performance",
    '"test driven development"',
]


def db_size(path):
    total = 0
    for suffix in ("", "-wal", "-journal", "-shm"):
        try:
            total += os.path.getsize(path + suffix)
        except OSError:
            pass
    return total


def build(args):
    rows = []
    with open(args.paragraphs, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            rows.append((p["episode"], p["start_ms"], p["text"]))
    text_bytes = sum(len(r[2].encode("utf-8")) for r in rows)
    for suffix in ("", "-wal", "-journal", "-shm"):
        if os.path.exists(args.db + suffix):
            os.remove(args.db + suffix)
    started = time.perf_counter()
    con = sqlite3.connect(args.db)
    con.execute(
        "CREATE VIRTUAL TABLE paragraphs USING fts5("
        "episode UNINDEXED, start_ms UNINDEXED, text, tokenize='porter')"
    )
    with con:
        con.executemany("INSERT INTO paragraphs(episode, start_ms, text) VALUES (?, ?, ?)", rows)
    con.close()
    build_s = time.perf_counter() - started
    result = {
        "paragraphs": len(rows),
        "text_mb": text_bytes / 1e6,
        "build_s": build_s,
        "db_bytes": db_size(args.db),
        "sqlite": sqlite3.sqlite_version,
    }
    if args.optimize:
        con = sqlite3.connect(args.db)
        started = time.perf_counter()
        with con:
            con.execute("INSERT INTO paragraphs(paragraphs) VALUES ('optimize')")
        con.execute("VACUUM")
        con.close()
        result["optimize_s"] = time.perf_counter() - started
        result["db_bytes_optimized"] = db_size(args.db)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"FTS5 (SQLite {result['sqlite']}, porter): {result['paragraphs']} paragraphs, "
            f"{result['text_mb']:.1f} MB of text, built in {build_s:.2f} s, "
            f"database {result['db_bytes'] / 1e6:.1f} MB"
        )
        if args.optimize:
            print(
                f"  optimize + VACUUM {result['optimize_s']:.2f} s more: "
                f"{result['db_bytes_optimized'] / 1e6:.1f} MB"
            )


def query(args):
    queries = args.queries or BENCH_QUERIES
    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    sql = (
        "SELECT episode, start_ms, snippet(paragraphs, 2, '[', ']', '…', 32) "
        "FROM paragraphs WHERE paragraphs MATCH ? ORDER BY rank LIMIT ?"
    )
    # Touch the whole database once, so the first query is not the one paying for cold pages.
    con.execute("SELECT count(*) FROM paragraphs").fetchone()
    if not args.json:
        print(
            f"{args.runs} runs per query after {args.warmup} warm-up runs, top {args.limit} "
            "with snippet()"
        )
        print(f"{'query':<28} {'median ms':>10} {'min ms':>10} {'max ms':>10} {'hits':>8}")
    for q in queries:
        hits = con.execute("SELECT count(*) FROM paragraphs WHERE paragraphs MATCH ?", (q,)).fetchone()[0]
        times = []
        returned = 0
        for run in range(args.warmup + args.runs):
            started = time.perf_counter()
            rows = con.execute(sql, (q, args.limit)).fetchall()
            elapsed = time.perf_counter() - started
            returned = len(rows)
            if run >= args.warmup:
                times.append(elapsed * 1000)
        med = statistics.median(times)
        if args.json:
            print(json.dumps({
                "query": q, "median_ms": med, "min_ms": min(times), "max_ms": max(times),
                "hits": hits, "returned": returned, "runs": args.runs,
            }))
        else:
            print(f"{q:<28} {med:>10.3f} {min(times):>10.3f} {max(times):>10.3f} {hits:>8}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("paragraphs")
    b.add_argument("db")
    b.add_argument("--optimize", action="store_true")
    b.add_argument("--json", action="store_true")
    q = sub.add_parser("query")
    q.add_argument("db")
    q.add_argument("queries", nargs="*")
    q.add_argument("--runs", type=int, default=50)
    q.add_argument("--warmup", type=int, default=3)
    q.add_argument("--limit", type=int, default=20)
    q.add_argument("--json", action="store_true")
    # Queries may come before or after the options (argparse alone takes them only before).
    args, extra = p.parse_known_args()
    if extra and (args.command != "query" or any(e.startswith("-") for e in extra)):
        p.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra:
        args.queries += extra
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter')")
    except sqlite3.OperationalError as e:
        sys.exit(f"this Python's SQLite ({sqlite3.sqlite_version}) has no FTS5: {e}")
    build(args) if args.command == "build" else query(args)


if __name__ == "__main__":
    main()
