#!/usr/bin/env python3
"""Writes a word-level Podcasting 2.0 JSON transcript of about SIZE bytes for BENCH.md row 11
("peak memory of import on one 16 MB Podcasting 2.0 JSON"), from real words: the display
paragraphs `bench_query dump-paragraphs` printed for corpus A, one element per word in the
spec's own example shape (`speaker`, `startTime`, `endTime`, `body`), 0.3 s per word. Generated
for each run, never committed (the words are third-party text).

usage: make_p20_json.py PARAGRAPHS.jsonl OUT.json [--size BYTES]   (default 16,000,000)
"""
import argparse
import json

parser = argparse.ArgumentParser()
parser.add_argument("paragraphs")
parser.add_argument("out")
parser.add_argument("--size", type=int, default=16_000_000)
args = parser.parse_args()

written = 0
at = 0.0
with open(args.out, "w", encoding="utf-8") as out, open(args.paragraphs, encoding="utf-8") as lines:
    head = '{"version":"1.0.0","segments":['
    out.write(head)
    written += len(head)
    first = True
    for line in lines:
        paragraph = json.loads(line)
        speaker = paragraph.get("speaker") or "Host"
        for word in paragraph["text"].split():
            element = json.dumps(
                {"speaker": speaker, "startTime": round(at, 3), "endTime": round(at + 0.28, 3), "body": word},
                ensure_ascii=False,
            )
            if not first:
                out.write(",")
                written += 1
            out.write(element)
            written += len(element.encode("utf-8"))
            first = False
            at += 0.3
            if written >= args.size:
                break
        if written >= args.size:
            break
    out.write("]}")
    written += 2
if written < args.size:
    raise SystemExit(f"make_p20_json.py: only {written} bytes of words in {args.paragraphs}")
print(f"{args.out}: {written} bytes, {at / 3600:.1f} hours of words")
