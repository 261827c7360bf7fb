"""Recordings reviewed window by window (bounded memory) agree with one faster-whisper pass."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein
from transcripts import letters

from mockvoice.analysis.analyze import analyze
from mockvoice.audio.chunking import packed_cut
from mockvoice.audio.decode import SAMPLE_RATE, iter_audio
from mockvoice.analysis.model import Word
from mockvoice.pipeline import review_file
from mockvoice.report.document import to_dict
from mockvoice.asr.transcribe import left_out, load_model, transcribe
from mockvoice.audio.levels import voice_rms
from mockvoice.audio.levels import quiet_spans
from mockvoice.audio.wav import WavAppender
from mockvoice.asr.windowed import BLOCK_S, transcribe_blocks


def test_iter_audio_blocks_add_up_to_the_whole_file(answer):
    wav, audio = answer
    blocks = list(iter_audio(wav, block_s=2.0))
    assert all(len(b) == 2 * SAMPLE_RATE for b in blocks[:-1]) and 0 < len(blocks[-1]) <= 2 * SAMPLE_RATE
    assert np.array_equal(np.concatenate(blocks), audio)


def test_packed_cuts_fall_in_silence(answer):
    _, audio = answer
    doubled = np.concatenate([audio, audio])  # long enough for several windows
    level, cuts, start = voice_rms(audio), [], 0
    while (cut := packed_cut(doubled[start:])) is not None:
        start += cut
        cuts.append(start)
    assert len(cuts) >= 2
    for cut in cuts:
        assert np.sqrt(np.mean(doubled[cut - 320:cut + 320] ** 2)) < 0.05 * level


@pytest.mark.slow
def test_windowed_review_agrees_with_one_faster_whisper_pass(answer):
    wav, audio = answer
    step = int(BLOCK_S * SAMPLE_RATE)
    transcript, quiet = transcribe_blocks((audio[i:i + step] for i in range(0, len(audio), step)), load_model())
    assert quiet == quiet_spans(audio)
    words = transcript.words
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))
    assert to_dict(review_file(wav))["transcript"]["text"] == transcript.text  # review is this path
    one_pass = transcribe(audio, load_model(), without_timestamps=False)
    windowed, whole = analyze(transcript, None, str(wav), quiet=quiet), analyze(one_pass, None, str(wav), quiet=quiet)
    assert [p.part for p in windowed.star] == [p.part for p in whole.star]
    for a, b in zip(windowed.star, whole.star):
        # the same time, or the same words: after a pause the two decodings may time the first word
        # of a part up to ~2 s apart (CI: "As a result" at 31.86 s against 30.09 s)
        same_words = Levenshtein.normalized_distance(letters(a.text), letters(b.text)) < 0.1
        assert (abs(a.start - b.start) < 1.5 and abs(a.end - b.end) < 1.5) or same_words, (a, b)
    assert windowed.pacing.wpm == pytest.approx(whole.pacing.wpm, rel=0.05)
    assert {f.code for f in windowed.findings} == {f.code for f in whole.findings}


@pytest.mark.slow
def test_two_hour_recording_works_in_bounded_memory(answer, tmp_path):
    """Two hours, mostly silence, the answer spoken at the start, after an hour and at the end:
    every one is transcribed in place, and the review process never holds the hour in memory."""
    _, audio = answer
    speech = audio[:20 * SAMPLE_RATE]
    at = (0, 3600, 7200 - 25)
    silence = np.zeros(60 * SAMPLE_RATE, dtype=np.float32)
    with WavAppender(tmp_path / "two-hours.wav") as wav:
        for start in at:
            while wav.frames_written + len(silence) <= start * SAMPLE_RATE:
                wav.append(silence)
            wav.append(silence[:start * SAMPLE_RATE - wav.frames_written])
            wav.append(speech)
        wav.append(silence[:7200 * SAMPLE_RATE - wav.frames_written])
    if not Path("/usr/bin/time").exists():
        pytest.skip("GNU time not installed (./install.sh installs it)")
    # GNU time forks from a small process: the child's peak is its own, not a copy of pytest's
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(tmp_path / "peak-kb"), sys.executable, "-m",
                           "mockvoice", "review", str(tmp_path / "two-hours.wav"), "--json"],
                          capture_output=True, text=True, timeout=1200, check=False)
    assert proc.returncode == 0, proc.stderr
    peak_mb = int((tmp_path / "peak-kb").read_text().split()[-1]) / 1024
    assert peak_mb < 600, f"peak memory {peak_mb:.0f} MB"
    out = proc.stdout
    doc = json.loads(out)
    assert doc["audio"]["duration_s"] == pytest.approx(7200, abs=0.1)
    starts = [w["start"] for w in doc["transcript"]["words"]]
    for start in at:
        assert sum(start <= s <= start + 20.5 for s in starts) >= 30
    assert all(any(a <= s <= a + 20.5 for a in at) for s in starts)  # nothing invented in the silence


def test_speech_no_word_covers_is_found_again(answer):
    """left_out: the speech after the last word, when Whisper ended a window early."""
    _, audio = answer
    window = audio[:20 * SAMPLE_RATE]
    words = [Word("w", t, t + 0.3, 0.9) for t in np.arange(0.0, 10.0, 0.3)]  # words up to 10 s only
    found = left_out(window, words)  # one piece per stretch of speech after 10 s (sentences)
    assert found and all(start >= 10 * SAMPLE_RATE for start, _ in found) and found[-1][1] == len(window)
    assert sum(end - start for start, end in found) >= 7 * SAMPLE_RATE
    everywhere = [Word("w", t, t + 0.3, 0.9) for t in np.arange(0.0, 20.0, 0.3)]
    assert left_out(window, everywhere) == []
