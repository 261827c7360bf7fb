"""Cutting long recordings into windows, and text Whisper writes with no speech under it."""
import numpy as np

from mockvoice.audio.chunking import PACKED_MAX_S, packed_cut
from mockvoice.audio.decode import SAMPLE_RATE
from mockvoice.analysis.model import Word
from mockvoice.asr.transcribe import drop_unaligned_runs


def test_three_words_in_no_time_are_dropped_one_or_two_kept():
    words = [Word("images.", 47.0, 48.7, 0.98), Word("Thank", 48.75, 48.75, 0.01), Word("you.", 48.75, 48.75, 0.99),
             Word("Thank", 48.75, 48.75, 0.08), Word("next", 49.0, 49.3, 0.9), Word("I", 50.0, 50.0, 0.97),
             Word("um,", 50.0, 50.0, 0.3), Word("wrote", 50.0, 50.4, 0.99)]
    kept = [w.text for w in drop_unaligned_runs(words)]
    assert kept == ["images.", "next", "I", "um,", "wrote"]


def test_packed_cut_waits_for_a_full_window_and_cuts_silence_whole():
    assert packed_cut(np.zeros(int((PACKED_MAX_S - 1) * SAMPLE_RATE), np.float32)) is None
    silence = np.zeros(int((PACKED_MAX_S + 5) * SAMPLE_RATE), np.float32)
    assert packed_cut(silence) == int(PACKED_MAX_S * SAMPLE_RATE)
