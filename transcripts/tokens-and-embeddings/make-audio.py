#!/usr/bin/env python3
"""Synthesises the bundled sample episode's audio from its own transcript, so listening along
can be tried on a fresh machine: each segment is spoken by espeak-ng (one voice per speaker),
placed at the segment's start time (silence before it; sped up with sox's `tempo` when the
voice would run into the next segment), and the whole encoded as small mono Opus.

Needs: python3, espeak-ng, sox, opusenc (apt install espeak-ng sox opus-tools).
Usage: transcripts/tokens-and-embeddings/make-audio.py [EPISODE_FOLDER]   (default: transcripts/tokens-and-embeddings)
Writes EPISODE_FOLDER/audio.opus (podgloss plays `audio.*` in an episode folder first).
"""

import json
import os
import subprocess
import sys
import tempfile

RATE = 16000
VOICES = ["en-us+m3", "en-us+f3", "en+m5", "en+f4"]


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def seconds(path):
    out = subprocess.run(["soxi", "-D", path], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "transcripts/tokens-and-embeddings"
    with open(os.path.join(folder, "transcript.json"), encoding="utf-8") as f:
        segments = json.load(f)["segments"]
    voices = {}
    with tempfile.TemporaryDirectory() as tmp:
        pieces = []
        position = 0.0
        for i, seg in enumerate(segments):
            start, end = float(seg["startTime"]), float(seg["endTime"])
            following = float(segments[i + 1]["startTime"]) if i + 1 < len(segments) else end
            voice = voices.setdefault(seg.get("speaker", ""), VOICES[len(voices) % len(VOICES)])
            raw = os.path.join(tmp, f"{i:04}-raw.wav")
            spoken = os.path.join(tmp, f"{i:04}.wav")
            run("espeak-ng", "-v", voice, "-s", "170", "-w", raw, seg["body"])
            run("sox", raw, "-r", str(RATE), "-c", "1", spoken)
            room = max(following - start - 0.1, 0.5)
            length = seconds(spoken)
            if length > room:
                fitted = os.path.join(tmp, f"{i:04}-fit.wav")
                run("sox", spoken, fitted, "tempo", "-s", f"{length / room:.3f}")
                spoken, length = fitted, seconds(fitted)
            gap = start - position
            if gap > 0.01:
                silence = os.path.join(tmp, f"{i:04}-gap.wav")
                run("sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", silence,
                    "trim", "0", f"{gap:.3f}")
                pieces.append(silence)
                position += gap
            pieces.append(spoken)
            position += length
        whole = os.path.join(tmp, "whole.wav")
        run("sox", *pieces, whole)
        out = os.path.join(folder, "audio.opus")
        run("opusenc", "--quiet", "--speech", "--bitrate", "6", whole, out)
    print(f"{out}: {os.path.getsize(out)} bytes, {position:.1f} s")


if __name__ == "__main__":
    main()
