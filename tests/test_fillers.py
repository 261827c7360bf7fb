"""Fillers checked against the audio: the ones Whisper doubts, and runs with more "uh" than sounds."""
import numpy as np

from mockvoice.analysis.model import Word
from mockvoice.asr.fillers import drop_induced_fillers, heard_fillers
from mockvoice.asr.fillers import unexplained_sounds
from mockvoice.audio.levels import FRAME_S, sounds


def test_a_filler_whisper_itself_doubts_is_dropped_and_words_are_kept():
    words = [Word("at", 24.5, 24.7, 0.9), Word("least,", 24.7, 25.0, 0.95), Word("um,", 25.0, 25.0, 0.012),
             Word("you", 25.1, 25.3, 0.9), Word("know.", 25.3, 25.5, 0.02), Word("Uh,", 26.0, 26.3, 0.049),
             Word("so", 26.4, 26.6, 0.9), Word("uh.", 26.6, 26.8, 0.007)]
    kept = drop_induced_fillers(words)
    assert [w.text for w in kept] == ["at", "least,", "you", "know.", "Uh,", "so."]  # the sentence still ends


def _run_across_a_seam():
    """Seven "uh" between two words where the speaker made six sounds: window one wrote five and
    ended its sentence, window two began again with a doubtful "Uh,"."""
    return [Word("Montreal,", 23.14, 23.32, 0.99), Word("uh,", 23.88, 24.18, 0.87), Word("uh,", 24.98, 24.98, 0.92),
            Word("uh,", 25.26, 25.3, 0.94), Word("uh,", 25.3, 25.58, 0.92), Word("uh.", 25.9, 25.9, 0.88),
            Word("Uh,", 26.17, 26.65, 0.14), Word("uh,", 27.47, 27.53, 0.81), Word("forced", 27.67, 27.71, 0.62)]


def test_a_run_keeps_as_many_fillers_as_sounds_began_in_it_the_likeliest():
    onsets = [22.98, 23.92, 24.6, 25.22, 26.34, 26.54, 27.42, 27.9, 28.5]  # 23.92 ... 27.42 fall in the run
    kept = heard_fillers(_run_across_a_seam(), [(a, a + 0.1) for a in onsets])
    assert [w.text for w in kept] == ["Montreal,", "uh,", "uh,", "uh,", "uh,", "uh.", "uh,", "forced"]
    assert all(w.start != 26.17 for w in kept)


def test_a_run_is_never_cut_to_nothing_and_single_fillers_and_words_are_left_alone():
    words = _run_across_a_seam()
    kept = heard_fillers(words, [])
    assert [w.text for w in kept] == ["Montreal,", "uh.", "forced"] and kept[1].start == 25.26
    single = [Word("the", 1.0, 1.2, 0.9), Word("um,", 1.3, 1.8, 0.6), Word("logs.", 1.9, 2.3, 0.9)]
    assert heard_fillers(single, []) == single
    assert heard_fillers(words, [(23.9 + 0.5 * k, 24.0 + 0.5 * k) for k in range(8)]) == words


def test_a_dropped_filler_gives_its_sentence_end_to_the_word_before():
    words = [Word("so", 1.0, 1.2, 0.9), Word("uh,", 1.4, 1.6, 0.9), Word("uh.", 1.7, 1.7, 0.2)]
    assert [w.text for w in heard_fillers(words, [(1.4, 1.5)])] == ["so", "uh."]


def test_sounds_part_where_the_level_dips_far_under_the_speech_even_for_one_frame():
    db = np.full(60, -80.0)
    db[10:20] = -25.0          # one sound
    db[30:50] = -28.0          # two sounds said without a pause: a one-frame dip to -63 dB
    db[38] = -63.0
    db[44] = -45.0             # a shallow dip inside a word does not part it
    speech = db > -60.0
    speech[38] = True          # speech_frames holds across a one-frame dip
    assert sounds(db, speech) == [(10 * FRAME_S, 20 * FRAME_S), (30 * FRAME_S, 38 * FRAME_S), (39 * FRAME_S, 50 * FRAME_S)]


def _hums_left_out():
    """ "forced, uh, um, uh, hm, hm, um, forced": Whisper wrote four of the six fillers."""
    return [Word("forced,", 48.81, 49.29, 0.99), Word("uh,", 49.29, 50.13, 0.47), Word("um,", 50.69, 50.69, 0.87),
            Word("uh,", 51.41, 51.41, 0.78), Word("Um,", 53.58, 54.22, 0.2), Word("forced", 54.38, 54.44, 0.19)]


SIX = [(48.86, 49.12), (49.24, 49.74), (49.82, 50.42), (50.44, 51.24), (51.36, 52.16), (52.54, 53.34),
       (53.74, 54.72)]  # "forced" and the six fillers


def test_a_sound_in_a_run_that_no_filler_stands_for_is_one_more_filler():
    kept = heard_fillers(_hums_left_out(), SIX)
    assert [w.text for w in kept] == ["forced,", "uh,", "hm,", "um,", "uh,", "hm,", "Um,", "forced"]
    assert (kept[2].start, kept[2].end) == (49.82, 50.42) and (kept[5].start, kept[5].end) == (52.54, 53.34)


def test_short_sounds_and_sounds_outside_a_run_add_no_filler():
    clicks = [(a, a + 0.1) for a, _ in SIX]  # as many sounds, all under MIN_UNHEARD_FILLER_S
    assert heard_fillers(_hums_left_out(), clicks) == _hums_left_out()
    single = [Word("the", 1.0, 1.2, 0.9), Word("um,", 1.3, 1.8, 0.6), Word("logs.", 3.9, 4.3, 0.9)]
    assert heard_fillers(single, [(1.3, 1.8), (2.2, 3.0)]) == single  # one filler: not a run


def test_each_filler_stands_for_the_sound_it_starts_in_or_the_nearest_free_one():
    fillers = [Word("uh,", 1.0, 1.1, 0.9), Word("uh,", 1.05, 1.1, 0.9)]
    assert unexplained_sounds(fillers, [(0.9, 1.2), (1.3, 1.6), (3.0, 3.5)]) == [(3.0, 3.5)]
    assert unexplained_sounds(fillers, [(0.9, 1.2)]) == []
