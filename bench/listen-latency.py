#!/usr/bin/env python3
"""Seek-to-follow latency, measured from outside: the real binary in a private tmux server with
the real mpv (--ao=null) on the sample episode. Each trial types a jump (`t 10:00`), then times
from sending Enter to the first screen whose status line shows mpv's new time (`▶ 10:0`): key
press -> podgloss seeks mpv -> mpv reports time-pos -> podgloss redraws. tmux's send-keys and
capture-pane are inside the figure (a few ms each), so it is an upper bound.

    cargo test --no-run && bench/listen-latency.py [TRIALS]
"""
import os, statistics, subprocess, sys, tempfile, time, shutil

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(REPO, "target/debug/podgloss")
TRIALS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
SOCK = f"podgloss-latency-{os.getpid()}"


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCK, "-f", "/dev/null", *args],
                          capture_output=True, text=True).stdout


def status():
    return tmux("capture-pane", "-p", "-t", "lat").rstrip("\n").split("\n")[-1]


def wait(text, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if text in status():
            return
        time.sleep(0.005)
    sys.exit(f"never saw {text!r}: {status()}")


with tempfile.TemporaryDirectory() as lib:
    for folder in ("transcripts", "glossary"):
        shutil.copytree(os.path.join(REPO, folder), os.path.join(lib, folder))
    run = os.path.join(lib, "run")
    os.mkdir(run)
    config = os.path.join(lib, "config.toml")
    with open(config, "w") as f:
        f.write('[player]\nmpv-args = ["--ao=null", "--no-config"]\n')
    command = (f"env -u PODGLOSS_LIBRARY HOME={lib} PODGLOSS_CONFIG={config} XDG_RUNTIME_DIR={run} "
               f"TERM=xterm-256color {BIN} --library {lib} open tokens-and-embeddings --at 1:00 --play")
    tmux("new-session", "-d", "-s", "lat", "-x", "160", "-y", "48", command)
    try:
        wait("▶ 1:0")
        figures = []
        for i in range(TRIALS):
            target = ["10:00", "3:00", "15:00", "6:00"][i % 4]
            tmux("send-keys", "-t", "lat", "t")
            time.sleep(0.2)
            tmux("send-keys", "-t", "lat", "-l", target)
            time.sleep(0.2)
            start = time.monotonic()
            tmux("send-keys", "-t", "lat", "Enter")
            wait(f"▶ {target[:-1]}")
            figures.append((time.monotonic() - start) * 1000)
            time.sleep(0.3)
        figures.sort()
        print(f"{TRIALS} jumps: median {statistics.median(figures):.0f} ms, "
              f"min {figures[0]:.0f} ms, max {figures[-1]:.0f} ms")
    finally:
        tmux("send-keys", "-t", "lat", "C-c")
        time.sleep(1)
        tmux("kill-server")
