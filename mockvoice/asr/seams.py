"""Where two decodings meet (review's windows, the live path's chunks): a sentence end Whisper put on
the last word before a cut stands only where the pause there says a sentence ended. Whisper ends
every window's text with a full stop, seeing nothing after it; a cut in a short pause inside a
sentence ("not so much. As a demonstration…") would otherwise start a sentence, and sentence breaks
move the STAR boundaries."""
from __future__ import annotations

import bisect

from mockvoice.analysis.features import NAME_WORDS, known_word
from mockvoice.analysis.model import Pause, Word

# On the rendered answers (test-aa, test-ab: 496 sentence ends, 9571 other word boundaries) 92 % of
# Whisper's sentence ends come after a pause of 0.4 s or more and 2 % of the other boundaries do; a
# cut falls in the last 0.7 s pause of a window's second half when there is one (chunking.packed_cut),
# so only a cut forced into a shorter pause meets this.
SEAM_SENTENCE_PAUSE_S = 0.4


def joined(words: list[Word], cuts: list[float], quiet: list[Pause]) -> list[Word]:
    """Words with the sentence end before each cut (seconds) taken back where the quiet span the cut
    falls in (levels quiet spans) is shorter than SEAM_SENTENCE_PAUSE_S: the full stop becomes a
    comma and the next word, a word of the dictionary, loses its capital ("I" keeps it)."""
    out = list(words)
    starts = [w.start for w in out]
    for cut in cuts:
        i = bisect.bisect_left(starts, cut) - 1
        if i < 0 or i + 1 >= len(out) or not out[i].text.rstrip().endswith((".", "?", "!")):
            continue
        if _pause_at(cut, quiet) >= SEAM_SENTENCE_PAUSE_S:
            continue
        last, nxt = out[i], out[i + 1]
        out[i] = Word(last.text.rstrip()[:-1] + ",", last.start, last.end, last.probability)
        out[i + 1] = Word(_uncapitalised(nxt.text), nxt.start, nxt.end, nxt.probability)
    return out


def _pause_at(cut: float, quiet: list[Pause]) -> float:
    """The length of the quiet span the cut falls in (0 when it falls in sound)."""
    return next((p.end - p.start for p in quiet if p.start <= cut <= p.end), 0.0)


def _uncapitalised(text: str) -> str:
    """A word that opened a sentence, as it reads inside one: "So" → "so"; names and "I" as they are."""
    bare = text.strip(".,!?;:\"'").lower()
    if (not text[:1].isupper() or bare in ("i", "i'm", "i've", "i'd", "i'll") or bare in NAME_WORDS
            or not known_word(bare)):
        return text
    return text[0].lower() + text[1:]
