#!/usr/bin/env python3
"""Lay out the benchmark corpora of BENCH.md outside the repository.

Corpus A (real): ../shared/corpus/talk-python/transcripts/*.vtt (560 files) and
../shared/corpus/changelog/**/*.md (824 files), copied (default) or symlinked into one folder:

    python3 bench/make_corpus_b.py --corpus-a /tmp/podgloss-bench/corpus-a

Corpus B (scaled): corpus A ten times over. Copy k lives in OUT/copyKK/, every file renamed
`cKK-<name>` (so every copy gets its own titles and slugs), and every copy's words are shuffled
within each cue (VTT) or paragraph line (Markdown) by a fixed seed. Structure is kept byte for
byte: the WEBVTT header, NOTE/STYLE blocks, cue ids and timing lines, `<v Name>` and other tags,
the whitespace between words, Markdown `**Speaker:**` prefixes, `\\[MM:SS\\]` stamps (any `\\[...\\]`
group), bold runs, list/heading markers and anything that looks like a time stay where they are;
only the other words trade places. So podgloss parses every file of B into the same segments
(same times, speakers, word counts) as its original in A.

    python3 bench/make_corpus_b.py [OUT]          # default /tmp/podgloss-bench/corpus-b

Options: --copies N (10), --seed S (20240328), --subset N (only N files of A, spread over both
shows: for trying the harness on a small input), --source DIR (the shared corpus folder),
--symlink (corpus A as symlinks; note `rg` then needs -L), --force (replace OUT).
Everything is written under a temporary name and renamed into place at the end.
"""

import argparse
import os
import random
import re
import shutil
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = (HERE / ".." / ".." / "shared" / "corpus").resolve()
DEFAULT_A = Path("/tmp/podgloss-bench/corpus-a")
DEFAULT_B = Path("/tmp/podgloss-bench/corpus-b")
REPO = (HERE / "..").resolve()


def corpus_a_files(source: Path, subset: int | None):
    """(relative output path, absolute source path) for every corpus A file, sorted."""
    vtt = sorted((source / "talk-python" / "transcripts").glob("*.vtt"))
    md = sorted((source / "changelog").rglob("*.md"))
    files = [(Path("talk-python") / p.name, p) for p in vtt]
    files += [(Path("changelog") / p.relative_to(source / "changelog"), p) for p in md]
    if subset:
        # Every k-th file, so a subset holds both formats in their proportions.
        step = max(1, len(files) // subset)
        files = files[::step][:subset]
    return files


# ---------------------------------------------------------------------------------------------
# Shuffling

VTT_TOKEN = re.compile(r"<[^>]*>|\s+|[^\s<]+|<")
# Markdown: a token is a whitespace run, or a run of non-space characters in which escaped
# brackets (`\[04:14\]`, `\[laughter\]`), links, code spans, tags and bold runs are unbreakable
# atoms even when they hold spaces. A token holding such an atom stays where it is.
MD_ATOM = (
    r"\\\[.*?\\\]"  # \[04:14\], \[laughter\]
    r"|!?\[[^\]\n]*\]\([^)\n]*\)"  # a link or image
    r"|`[^`\n]*`"  # a code span
    r"|<[^>\n]*>"  # an HTML tag or autolink
    r"|\*\*[^*\n]*\*\*"  # a bold run
)
MD_TOKEN = re.compile(r"\s+|(?:" + MD_ATOM + r"|\S)+")
MD_HAS_ATOM = re.compile(MD_ATOM + r"|\]\(|\*\*|^\\\[")
# A line's speaker: `**Name:**`, or a plain `Name Name:` of at most four words.
MD_SPEAKER = re.compile(r"^\s*(?:\*\*[^*]+\*\*|[^\s:*\\][^:\n]{0,40}?:(?=\s))")
TIMEISH = re.compile(r"\d:\d\d")
STAMP = re.compile(r"\\\[[^\]]*\d:\d\d[^\]]*\\\]")


def shuffle_positions(tokens, movable, rng):
    """Permutes the tokens at the `movable` indices among themselves, in place."""
    words = [tokens[i] for i in movable]
    rng.shuffle(words)
    for i, w in zip(movable, words):
        tokens[i] = w


def shuffle_vtt(text: str, rng: random.Random) -> str:
    # Blocks are separated by blank lines; a block with a timing line is a cue whose text lines
    # (after the timing line) have their words shuffled among themselves, across the cue's lines.
    lines = text.split("\n")
    out = []
    i = 0
    n = len(lines)
    while i < n:
        if lines[i].strip() == "":
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < n and lines[j].strip() != "":
            j += 1
        block = lines[i:j]
        timing = next((k for k, line in enumerate(block) if "-->" in line), None)
        if timing is None or block[0].startswith(("NOTE", "STYLE", "REGION", "WEBVTT")):
            out.extend(block)
        else:
            out.extend(block[: timing + 1])
            body = block[timing + 1 :]
            per_line = [VTT_TOKEN.findall(line) for line in body]
            flat = [(li, ti) for li, toks in enumerate(per_line) for ti, _ in enumerate(toks)]
            movable = [
                (li, ti)
                for li, ti in flat
                if not per_line[li][ti].startswith("<") and not per_line[li][ti].isspace()
                and "-->" not in per_line[li][ti]
            ]
            # The cue's last word stays last: whether a cue ends a sentence decides where display
            # paragraphs break, so B groups into the same paragraphs as A.
            movable = movable[:-1]
            words = [per_line[li][ti] for li, ti in movable]
            rng.shuffle(words)
            for (li, ti), w in zip(movable, words):
                per_line[li][ti] = w
            out.extend("".join(toks) for toks in per_line)
        i = j
    return "\n".join(out)


def md_fixed(token: str) -> bool:
    return bool(MD_HAS_ATOM.search(token) or TIMEISH.search(token))


def shuffle_markdown(text: str, rng: random.Random) -> str:
    out = []
    fence = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = not fence
            out.append(line)
            continue
        if fence or not stripped:
            out.append(line)
            continue
        prefix = ""
        m = MD_SPEAKER.match(line)
        if m and len(m.group().split()) <= 4:
            prefix, line = line[: m.end()], line[m.end() :]
        tokens = MD_TOKEN.findall(line)
        assert "".join(tokens) == line
        # Words trade places within a segment (the text between two stamps), never across a
        # stamp: segment lengths, which interpolated times depend on, stay as they were.
        groups = [[]]
        words = [k for k, tok in enumerate(tokens) if not tok.isspace()]
        for n, k in enumerate(words):
            tok = tokens[k]
            # The first and last words of a segment (a line, or the text between stamps) stay:
            # a word such as `-`, `#` or `1.` moved to the front would read as a list marker, a
            # heading or a dash the parser drops, and the last word's punctuation (a sentence
            # end or not) decides where display paragraphs break.
            first_of_segment = n == 0 or STAMP.search(tokens[words[n - 1]]) is not None
            last_of_segment = n + 1 == len(words) or STAMP.match(tokens[words[n + 1]]) is not None
            if STAMP.search(tok):
                groups.append([])
            elif not (md_fixed(tok) or first_of_segment or last_of_segment):
                groups[-1].append(k)
        for movable in groups:
            shuffle_positions(tokens, movable, rng)
        out.append(prefix + "".join(tokens))
    return "\n".join(out)


def shuffled(data: bytes, suffix: str, rng: random.Random) -> bytes:
    # The corpus is UTF-8; keep any odd byte as is through surrogateescape.
    text = data.decode("utf-8", errors="surrogateescape")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    text = shuffle_vtt(text, rng) if suffix == ".vtt" else shuffle_markdown(text, rng)
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8", errors="surrogateescape")


# ---------------------------------------------------------------------------------------------


def refuse_inside_repo(path: Path):
    resolved = path.resolve()
    if resolved == REPO or REPO in resolved.parents:
        sys.exit(f"{path}: refusing to write a corpus inside the repository ({REPO})")


def prepare(out: Path, force: bool) -> Path:
    refuse_inside_repo(out)
    if out.exists():
        if not force:
            sys.exit(f"{out} exists; pass --force to replace it")
    tmp = out.with_name(out.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp


def finish(tmp: Path, out: Path):
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)


def make_a(out: Path, files, symlink: bool, force: bool):
    tmp = prepare(out, force)
    total = 0
    for rel, src in files:
        dest = tmp / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if symlink:
            dest.symlink_to(src)
        else:
            shutil.copyfile(src, dest)
        total += src.stat().st_size
    finish(tmp, out)
    print(f"corpus A: {len(files)} files, {total / 1e6:.1f} MB -> {out}")


def make_b(out: Path, files, copies: int, seed: int, force: bool):
    tmp = prepare(out, force)
    total = 0
    count = 0
    for k in range(copies):
        tag = f"c{k:02d}"
        for rel, src in files:
            data = src.read_bytes()
            # One generator per (copy, file): the output does not depend on the order files are
            # visited in, and each copy is shuffled differently.
            rng = random.Random(seed * 1_000_003 + k * 10_007 + zlib.crc32(str(rel).encode()))
            new = shuffled(data, src.suffix, rng)
            dest = tmp / f"copy{k:02d}" / rel.parent / f"{tag}-{rel.name}"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(new)
            total += len(new)
            count += 1
        print(f"  copy {k + 1}/{copies} done ({count} files, {total / 1e6:.0f} MB)", flush=True)
    finish(tmp, out)
    print(f"corpus B: {count} files, {total / 1e6:.1f} MB -> {out}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", type=Path, default=None, help=f"corpus B folder (default {DEFAULT_B})")
    p.add_argument("--corpus-a", type=Path, metavar="DIR", help="lay out corpus A in DIR instead of making B")
    p.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    p.add_argument("--copies", type=int, default=10)
    p.add_argument("--seed", type=int, default=20240328)
    p.add_argument("--subset", type=int, default=None)
    p.add_argument("--symlink", action="store_true")
    p.add_argument("--force", action="store_true")
    args = p.parse_args()
    files = corpus_a_files(args.source, args.subset)
    if not files:
        sys.exit(f"{args.source}: no corpus A files found")
    if args.corpus_a:
        make_a(args.corpus_a, files, args.symlink, args.force)
    else:
        make_b(args.out or DEFAULT_B, files, args.copies, args.seed, args.force)


if __name__ == "__main__":
    main()
