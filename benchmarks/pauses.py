"""Pauses measured on the audio (audio/levels.quiet_spans) against known silences, from clean audio
to a noisy room and a telephone line.

Truth: the evaluation set's rendered answers (benchmarks/evalset, rendered by accuracy.py on first
use): the silences of the clean rendering (frames 45 dB under its voice, or digital silence), each
answer also heard with pink, white and hum noise, with reverberation and through a telephone band
(numpy, a fixed seed); and real clips whose silences a forced aligner found
(benchmarks/real_silences.json, for those of its clips found in --dir). A silence of PAUSE_MIN_S or
more counts as found when a measured pause covers half of it; a measured pause of PAUSE_MIN_S or
more is right when half of it lies in silence.

The thresholds (analysis/thresholds.py, pauses) were chosen on the first six answers and on
mfa_acoustic_corpus and mfa_cold_corpus: the other answers and mfa_cold_corpus3 are the first-sight
check.

    python benchmarks/pauses.py [--dir ../real-extra] [--answers N]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from mockvoice.analysis.thresholds import PAUSE_MIN_S
from mockvoice.audio.decode import load_audio
from mockvoice.audio.levels import FRAME_S, SAMPLE_RATE, frame_db, quiet_spans
from mockvoice.samples.scripted import load_script, render_to

HERE = Path(__file__).parent
FITTED_ANSWERS = 6  # the first six answers of the evaluation set, sorted by name
FITTED_CLIPS = ("mfa_acoustic_corpus", "mfa_cold_corpus")
Span = tuple[float, float]


def shaped_noise(n: int, slope: float, rng: np.random.Generator) -> np.ndarray:
    """Noise whose power falls as 1/f**slope (0 white, 1 pink), unit RMS."""
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    spectrum = (rng.standard_normal(len(freqs)) + 1j * rng.standard_normal(len(freqs))) / np.maximum(freqs, 20) ** (slope / 2)
    noise = np.fft.irfft(spectrum, n)
    return noise / np.sqrt(np.mean(noise ** 2))


def hum(n: int, rng: np.random.Generator) -> np.ndarray:
    """A mains hum with harmonics (120-480 Hz) over pink noise: a fan or a transformer."""
    t = np.arange(n) / SAMPLE_RATE
    tone = sum(np.sin(2 * np.pi * f * t) / k for k, f in enumerate((120, 240, 360, 480), 1))
    mixed = tone / np.std(tone) + 0.5 * shaped_noise(n, 1, rng)
    return mixed / np.sqrt(np.mean(mixed ** 2))


def at_snr(audio: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """audio with noise added snr_db under the speech's power."""
    speech = audio[np.abs(audio) > 1e-3]
    return (audio + noise * np.sqrt(np.mean(speech ** 2) / 10 ** (snr_db / 10))).astype(np.float32)


def reverberant(audio: np.ndarray, rt60_s: float, rng: np.random.Generator) -> np.ndarray:
    """audio in a room whose echo dies away 60 dB in rt60_s (exponentially decaying noise)."""
    t = np.arange(int(rt60_s * SAMPLE_RATE)) / SAMPLE_RATE
    response = 0.05 * rng.standard_normal(len(t)) * np.exp(-6.9 * t / rt60_s)
    response[0] = 1.0
    size = 1 << (len(audio) + len(response)).bit_length()
    wet = np.fft.irfft(np.fft.rfft(audio, size) * np.fft.rfft(response, size), size)[:len(audio)]
    return (wet / np.max(np.abs(wet)) * np.max(np.abs(audio))).astype(np.float32)


def telephone(audio: np.ndarray) -> np.ndarray:
    """audio through a 300-3400 Hz telephone band."""
    spectrum = np.fft.rfft(audio)
    freqs = np.fft.rfftfreq(len(audio), 1 / SAMPLE_RATE)
    spectrum[(freqs < 300) | (freqs > 3400)] = 0
    return np.fft.irfft(spectrum, len(audio)).astype(np.float32)


def conditions(audio: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    n = len(audio)
    return {"clean": audio,
            "pink noise, 20 dB SNR": at_snr(audio, shaped_noise(n, 1, rng), 20),
            "pink noise, 10 dB SNR": at_snr(audio, shaped_noise(n, 1, rng), 10),
            "white noise, 15 dB SNR": at_snr(audio, shaped_noise(n, 0, rng), 15),
            "hum, 15 dB SNR": at_snr(audio, hum(n, rng), 15),
            "room (RT60 0.5 s), pink 20 dB": at_snr(reverberant(audio, 0.5, rng), shaped_noise(n, 1, rng), 20),
            "telephone band, pink 20 dB": telephone(at_snr(audio, shaped_noise(n, 1, rng), 20))}


def clean_silences(audio: np.ndarray) -> tuple[list[Span], Span]:
    """The silences of a clean rendering and the span from its first to its last sound."""
    db = frame_db(audio)
    silent = db < max(-65.0, np.percentile(db, 90) - 45.0)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], silent.astype(np.int8), [0]))))
    sounding = np.flatnonzero(~silent)
    speech = (sounding[0] * FRAME_S, (sounding[-1] + 1) * FRAME_S)
    spans = [(a * FRAME_S, b * FRAME_S) for a, b in zip(edges[::2], edges[1::2])]
    return [s for s in spans if s[0] >= speech[0] and s[1] <= speech[1]], speech


def overlap(a: Span, b: Span) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def score(audio: np.ndarray, silences: list[Span], speech: Span) -> tuple[int, int, int, int]:
    """score_spans of the audio's quiet spans."""
    return score_spans([(p.start, p.end) for p in quiet_spans(audio)], silences, speech)


def score_spans(measured: list[Span], silences: list[Span], speech: Span) -> tuple[int, int, int, int]:
    """(silences found, silences, pauses right, pauses measured), all of PAUSE_MIN_S or more and
    inside the speech."""
    measured = [(max(a, speech[0]), min(b, speech[1])) for a, b in measured]
    measured = [m for m in measured if m[1] - m[0] >= PAUSE_MIN_S]
    true = [s for s in silences if s[1] - s[0] >= PAUSE_MIN_S]
    found = sum(any(overlap(t, m) >= 0.5 * (t[1] - t[0]) for m in measured) for t in true)
    right = sum(sum(overlap(m, s) for s in silences) >= 0.5 * (m[1] - m[0]) for m in measured)
    return found, len(true), right, len(measured)


def line(name: str, counts) -> str:
    found, true, right, measured = counts
    return (f"  {name:34} recall {found / max(true, 1):.3f} ({found}/{true})   "
            f"precision {right / max(measured, 1):.3f} ({right}/{measured})")


def answers(limit: int | None) -> list[tuple[str, np.ndarray]]:
    scripts = sorted((HERE / "evalset").glob("*.toml"))[:limit]
    out = []
    for path in scripts:
        wav = HERE / "evalset" / "audio" / f"{path.stem}.wav"
        render_to(load_script(path), wav)
        out.append((path.stem, load_audio(wav)))
    return out


def run_answers(rendered: list[tuple[str, np.ndarray]]) -> None:
    rng = np.random.default_rng(0)
    for label, group in (("fitted", rendered[:FITTED_ANSWERS]), ("first sight", rendered[FITTED_ANSWERS:])):
        if not group:
            continue
        totals: dict[str, np.ndarray] = {}
        for _, audio in group:
            silences, speech = clean_silences(audio)
            for name, heard in conditions(audio, rng).items():
                totals[name] = totals.get(name, np.zeros(4, dtype=int)) + score(heard, silences, speech)
        print(f"\n== evaluation set, {len(group)} answers ({label})")
        for name, counts in totals.items():
            print(line(name, counts))
        print(line("all conditions", sum(totals.values())))


def run_clips(folders: list[Path]) -> None:
    aligned = json.loads((HERE / "real_silences.json").read_text())["clips"]
    print(f"\n== real clips with aligned silences ({', '.join(map(str, folders))})")
    for name, truth in aligned.items():
        path = next((f / f"{name}.flac" for f in folders if (f / f"{name}.flac").exists()), None)
        if path is None:
            continue
        counts = score(load_audio(path), [tuple(s) for s in truth["silences"]], tuple(truth["speech"]))
        print(line(f"{name} ({'fitted' if name in FITTED_CLIPS else 'first sight'})", counts))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", action="append", type=Path, default=[], help="folders of real clips (*.flac)")
    ap.add_argument("--answers", type=int, default=None, help="only the first N answers of the evaluation set")
    args = ap.parse_args()
    run_answers(answers(args.answers))
    run_clips(args.dir or [HERE.parents[1] / "real-extra"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
