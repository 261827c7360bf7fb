"""Where two decodings meet: a sentence end Whisper put before a cut stands only on a sentence's pause."""
from mockvoice.analysis.model import Pause, Word
from mockvoice.asr.seams import joined


def _words():
    return [Word("not", 46.1, 46.3, 0.9), Word("so", 46.3, 46.5, 0.9), Word("much.", 46.5, 46.9, 0.9),
            Word("As", 47.1, 47.2, 0.9), Word("a", 47.2, 47.3, 0.9), Word("demonstration.", 47.3, 48.0, 0.9),
            Word("Tom", 49.0, 49.2, 0.9), Word("left.", 49.2, 49.5, 0.9)]


def test_a_full_stop_before_a_cut_in_a_short_pause_becomes_a_comma():
    out = joined(_words(), [47.0], [Pause(46.9, 47.1)])
    assert [w.text for w in out[:4]] == ["not", "so", "much,", "as"]
    assert out[4:] == _words()[4:]


def test_a_cut_in_a_sentence_pause_or_without_a_full_stop_changes_nothing():
    assert joined(_words(), [48.5], [Pause(48.0, 49.0)]) == _words()   # 1 s of quiet: a sentence ended
    assert joined(_words(), [46.4], [Pause(46.35, 46.45)]) == _words()  # "so" carries no full stop
    assert joined(_words(), [], []) == _words()


def test_names_and_i_keep_their_capital():
    out = joined(_words(), [48.5], [Pause(48.3, 48.6)])
    assert [w.text for w in out[5:7]] == ["demonstration,", "Tom"]
    words = [Word("done.", 1.0, 1.4, 0.9), Word("I", 1.6, 1.7, 0.9), Word("left.", 1.7, 2.0, 0.9)]
    assert [w.text for w in joined(words, [1.5], [Pause(1.4, 1.6)])] == ["done,", "I", "left."]
