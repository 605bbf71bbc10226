#!/usr/bin/env python3
"""Row 10 of ../shared/BENCH.md: `podgloss open SLUG` to its first frame in a real
pseudo-terminal, process start included.

    python3 bench/tui_first_frame.py PODGLOSS LIBRARY SLUG [--runs N] [--warmup N] [--json]

Each run starts the binary on a fresh pty of 200x60 (TERM=xterm-256color), reads what it
writes, and stops the clock when the screen holds the Reader's frame: the text after the
switch to the alternate screen, escapes removed, contains `--expect` (default "Transcript", the
title of the Reader's transcript pane). The binary is then sent `q` and reaped; a run that
does not draw within `--timeout` seconds fails the whole measurement (no figure is made from a
run that did not draw). Prints the median and the spread in ms, or a JSON line with --json."""

import argparse
import json
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import termios
import time
import fcntl

ALT_SCREEN = b"\x1b[?1049h"
ESCAPE = re.compile(rb"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>78]")


def one_run(binary, library, slug, expect, timeout):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary, "--library", library, "open", slug])
    started = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))
    seen = b""
    drawn = None
    try:
        while drawn is None:
            left = timeout - (time.perf_counter() - started)
            if left <= 0:
                break
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            at = seen.find(ALT_SCREEN)
            if at >= 0 and expect in ESCAPE.sub(b"", seen[at:]):
                drawn = time.perf_counter() - started
    finally:
        try:
            os.write(fd, b"q")
        except OSError:
            pass
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            try:
                ready, _, _ = select.select([fd], [], [], 0.05)
                if ready:
                    os.read(fd, 65536)  # drain, so the child never blocks on a full pty
            except OSError:
                pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    if drawn is None:
        tail = ESCAPE.sub(b"", seen)[-300:].decode("utf-8", "replace")
        sys.exit(f"tui_first_frame: no frame with {expect!r} within {timeout} s; last output: {tail!r}")
    return drawn * 1000


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("binary")
    p.add_argument("library")
    p.add_argument("slug")
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--expect", default="Transcript")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    expect = a.expect.encode()
    for _ in range(a.warmup):
        one_run(a.binary, a.library, a.slug, expect, a.timeout)
    times = [one_run(a.binary, a.library, a.slug, expect, a.timeout) for _ in range(a.runs)]
    result = {
        "slug": a.slug,
        "runs": a.runs,
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
    }
    if a.json:
        print(json.dumps(result))
    else:
        print(f"{a.slug}: first frame median {result['median_ms']:.1f} ms "
              f"(min {result['min_ms']:.1f}, max {result['max_ms']:.1f}, {a.runs} runs)")


if __name__ == "__main__":
    main()
