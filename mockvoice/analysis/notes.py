"""A story's notes held against what was said: each note said (when, and the words heard) or skipped,
the numbers of the notes said or not, a coverage figure; and the words Whisper is told to expect.

Notes and transcript are brought to the same tokens first: lemmas (features.lemma: "traced",
"tracing" -> trace), numbers as values whether written or spoken ("six hundred", "600" -> 600;
"two-minute" -> 2 minute), units and a few synonyms to one name ("ms", "milliseconds"; "TTL",
"expiry"). A note is said where one sentence, or two in a row, holds enough of its words, each
word weighed by how few of the story's notes share it (a word every note has tells nothing); a
note with a figure is said only with one of its figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from mockvoice.analysis.features import lemma
from mockvoice.analysis.model import NOTE_PARTS, NoteMatch, NumberMatch, Story, StoryMatch, Transcript, Word, join_words
from mockvoice.analysis.star import split_sentences
from mockvoice.analysis.text import HESITATIONS
from mockvoice.analysis.thresholds import (NOTE_FUZZY_MIN, NOTE_MATCH_MIN, NOTE_PREFIX_MIN, NOTE_WINDOW_SENTENCES,
                                           VOCABULARY_MAX_WORDS)

STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or but so as is are was were be been being it its this that "
    "these those there their our my we i me us you your he she they them his her into onto over under about "
    "after before then than through via per up out off all any some every each no not only also just very "
    "what which who whom when where why how do did does done have has had will would can could should may "
    "might must own".split())
# Units, written or spoken, to one name; a number followed by one of them is a measure.
UNITS = {
    **dict.fromkeys("ms msec msecs millisecond milliseconds".split(), "millisecond"),
    **dict.fromkeys("s sec secs second seconds".split(), "second"),
    **dict.fromkeys("min mins minute minutes".split(), "minute"),
    **dict.fromkeys("h hr hrs hour hours".split(), "hour"),
    **dict.fromkeys("day days".split(), "day"),
    **dict.fromkeys("wk wks week weeks".split(), "week"),
    **dict.fromkeys("mo month months".split(), "month"),
    **dict.fromkeys("yr yrs year years".split(), "year"),
    **dict.fromkeys("% percent per-cent pct".split(), "percent"),
    **dict.fromkeys("x times fold".split(), "times"),
    **dict.fromkeys("$ dollar dollars usd".split(), "dollar"),
    **dict.fromkeys("gb gigabyte gigabytes".split(), "gigabyte"),
    **dict.fromkeys("mb megabyte megabytes".split(), "megabyte"),
    **dict.fromkeys("tb terabyte terabytes".split(), "terabyte"),
    **dict.fromkeys("rps qps".split(), "per-second"),
}
# Words an engineer uses for one another (a written note says "TTL", the answer says "expiry").
SYNONYMS = {"ttl": "expiry", "expire": "expiry", "expiration": "expiry", "db": "database", "k8s": "kubernetes",
            "postgresql": "postgres", "repo": "repository", "config": "configuration", "configure": "configuration",
            "auth": "authentication", "prod": "production", "perf": "performance", "infra": "infrastructure",
            "deps": "dependency", "dependencies": "dependency", "docs": "documentation", "doc": "documentation"}
_ONES = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                    "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SCALES = {"hundred": 100, "thousand": 1000, "k": 1000, "million": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}
_NUMERAL = re.compile(r"^\d+(\.\d+)?$")
_GLUED = re.compile(r"^(\$?)(\d[\d,]*(?:\.\d+)?)([a-z%]*)$")  # "600ms", "$2m", "60%", "40,000"


@dataclass(frozen=True)
class Token:
    key: str          # what is compared: a lemma, a number's value, a unit's name
    word: int         # index of the source word (transcript word, or word of the note)
    number: bool = False
    unit: bool = False


def _pieces(text: str) -> list[str]:
    """A written word as the pieces that carry meaning: "two-minute" -> two minute, "600ms" -> 600 ms."""
    t = text.lower().replace("’", "'").strip(".,!?;:\"()[]…'")
    out = []
    for part in re.split(r"[-/]", t):
        part = part.strip(".,!?;:\"()[]…'")
        glued = _GLUED.match(part)
        if glued:
            dollar, digits, suffix = glued.groups()
            out += [x for x in (dollar, digits.replace(",", ""), suffix) if x]
        elif part.endswith("'s"):
            out.append(part[:-2])
        elif part:
            out.append(part)
    return out


def _number_run(pieces: list[tuple[str, int]], i: int) -> tuple[float, int] | None:
    """The value of the number starting at pieces[i] ("600", "2 k", "six hundred", "forty five",
    "two point five") and the index after it; None if no number starts there."""
    first = pieces[i][0]
    if _NUMERAL.match(first):
        scale = pieces[i + 1][0] if i + 1 < len(pieces) else ""
        return (float(first) * _SCALES[scale], i + 2) if scale in _SCALES else (float(first), i + 1)
    total, current, last, j = 0.0, 0.0, None, i
    while j < len(pieces):
        p = pieces[j][0]
        if p in _ONES and (last in (None, "scale") or last == "tens" and _ONES[p] < 10):
            current, last = current + _ONES[p], "ones"
        elif p in _TENS and last in (None, "scale"):
            current, last = current + _TENS[p], "tens"
        elif p == "hundred" and last in ("ones", "tens"):
            current, last = current * 100, "scale"
        elif p in ("thousand", "million", "billion") and last is not None:
            total, current, last = total + (current or 1) * _SCALES[p], 0.0, "scale"
        elif p == "and" and last == "scale" and j + 1 < len(pieces) and (pieces[j + 1][0] in _ONES or pieces[j + 1][0] in _TENS):
            pass  # "one hundred and five"
        elif p == "point" and last in ("ones", "tens") and j + 1 < len(pieces) and pieces[j + 1][0] in _ONES:
            return total + current + _ONES[pieces[j + 1][0]] / 10, j + 2
        else:
            break
        j += 1
    return (total + current, j) if last else None


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


@lru_cache(maxsize=4096)
def _key(piece: str) -> str:
    return SYNONYMS.get(piece) or SYNONYMS.get(lemma(piece)) or lemma(piece)


def tokenize(words: list[str]) -> list[Token]:
    """Comparable tokens of written or transcribed words, hesitations and stop words left out."""
    pieces = [(p, i) for i, w in enumerate(words) for p in _pieces(w) if p not in HESITATIONS]
    out: list[Token] = []
    i = 0
    while i < len(pieces):
        piece, word = pieces[i]
        after = pieces[i + 1][0] if i + 1 < len(pieces) else ""
        # "one" is a number only as a measure ("one second", "one hundred"): "one of the caches" is not
        run = None if piece == "one" and after not in UNITS and after not in _SCALES else _number_run(pieces, i)
        if run:
            out.append(Token(_fmt(run[0]), word, number=True))
            i = run[1]
            continue
        if piece in UNITS and (piece not in ("s", "h", "x", "m", "mo") or (out and out[-1].number)):
            out.append(Token(UNITS[piece], word, unit=True))
        elif piece not in STOPWORDS and piece.strip("'"):
            out.append(Token(_key(piece), word))
        i += 1
    return out


def _same(a: str, b: str) -> bool:
    """Two word keys that say the same: equal, one derived from the other ("profiler", "profiling"),
    or a transcription slip ("Reddis")."""
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()) or min(len(a), len(b)) < 4:
        return False
    common = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return (common >= NOTE_PREFIX_MIN and common >= 0.75 * min(len(a), len(b))) or (
        min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= NOTE_FUZZY_MIN)


@dataclass(frozen=True)
class _Window:
    words: tuple[Word, ...]
    tokens: tuple[Token, ...]


def _windows(transcript: Transcript) -> list[_Window]:
    """Each sentence, then each run of up to NOTE_WINDOW_SENTENCES sentences in a row: the fewer
    sentences, the earlier (the best window is the first with the highest score)."""
    sentences = split_sentences(transcript.words)
    out = []
    for n in range(1, NOTE_WINDOW_SENTENCES + 1):
        for i in range(len(sentences) - n + 1):
            words = tuple(w for s in sentences[i:i + n] for w in s.words)
            out.append(_Window(words, tuple(tokenize([w.text for w in words]))))
    return out


def _note_keys(note: str) -> list[Token]:
    seen, out = set(), []
    for t in tokenize(note.split()):
        if t.key not in seen:
            seen.add(t.key)
            out.append(t)
    return out


def _tightest(positions: list[list[int]]) -> tuple[int, int]:
    """The shortest span of words holding one position of each list (a note's words as heard)."""
    best = None
    for anchor in (p for found in positions for p in found):
        chosen = [min(found, key=lambda p: abs(p - anchor)) for found in positions]
        span = (min(chosen), max(chosen))
        if best is None or span[1] - span[0] < best[1] - best[0]:
            best = span
    return best


def _best(keys: list[Token], weights: dict[str, float], windows: list[_Window]) -> tuple[float, int, _Window | None, list[list[int]]]:
    """(score, keys matched, window, the word positions of each matched key) of the best window."""
    total = sum(weights[k.key] for k in keys) or 1.0
    best: tuple[float, int, _Window | None, list[list[int]]] = (0.0, 0, None, [])
    for window in windows:
        hits = [[t.word for t in window.tokens if t.number == k.number and _same(k.key, t.key)] for k in keys]
        score = sum(weights[k.key] for k, h in zip(keys, hits) if h) / total
        if score > best[0] + 1e-9:
            best = (score, sum(bool(h) for h in hits), window, [h for h in hits if h])
    return best


def _said(note: str, weights: dict[str, float], windows: list[_Window]) -> tuple[bool, float | None, str | None]:
    keys = _note_keys(note)
    if not keys:
        return False, None, None
    score, matched, window, hits = _best(keys, weights, windows)
    if window is None or score < NOTE_MATCH_MIN or matched < min(2, len(keys)):
        return False, None, None
    figures = [k.key for k in keys if k.number]
    if figures and not any(t.number and t.key in figures for t in window.tokens):
        return False, None, None  # "load down 60 %" is not said by "load went down a lot": the figure is its point
    first, last = _tightest(hits)
    heard = window.words[first:last + 1]
    return True, heard[0].start, join_words(w.text for w in heard)


def story_notes(story: Story) -> list[tuple[str, str]]:
    """(part, note) for every note, in the order of the parts."""
    return [(part, note) for part in NOTE_PARTS for note in story.notes.get(part, ())]


def _weights(notes: list[tuple[str, str]]) -> dict[str, float]:
    """1 / how many notes of the story hold the word."""
    df: dict[str, int] = {}
    for _, note in notes:
        for k in _note_keys(note):
            df[k.key] = df.get(k.key, 0) + 1
    return {k: 1.0 / n for k, n in df.items()}


def numbers(story: Story) -> list[tuple[str, str, str | None]]:
    """The numbers of the notes: (as written, value, unit or None), each once."""
    out, seen = [], set()
    for _, note in story_notes(story):
        words = note.split()
        toks = tokenize(words)
        for i, t in enumerate(toks):
            if not t.number:
                continue
            unit = toks[i + 1] if i + 1 < len(toks) and toks[i + 1].unit else None
            last = unit.word if unit else t.word
            text = " ".join(words[t.word:last + 1]).strip(".,;:()")
            if (t.key, unit and unit.key) not in seen:
                seen.add((t.key, unit and unit.key))
                out.append((text, t.key, unit.key if unit else None))
    return out


def _number_said(value: str, unit: str | None, tokens: list[Token]) -> bool:
    return any(t.number and t.key == value and (unit is None or any(u.unit and u.key == unit for u in tokens[i + 1:i + 3]))
               for i, t in enumerate(tokens))


def match(story: Story, transcript: Transcript) -> StoryMatch:
    """Every note of the story said or skipped in the transcript, its numbers said or not, the coverage."""
    notes = story_notes(story)
    weights = _weights(notes)
    windows = _windows(transcript)
    matches = tuple(NoteMatch(part, note, *_said(note, weights, windows)) for part, note in notes)
    spoken = tokenize([w.text for w in transcript.words])
    said_numbers = tuple(NumberMatch(text, _number_said(value, unit, spoken)) for text, value, unit in numbers(story))
    coverage = round(sum(m.said for m in matches) / len(matches), 2) if matches else 0.0
    return StoryMatch(story.id, coverage, matches, said_numbers)


def vocabulary(story: Story) -> list[str]:
    """The story's terms, then the nouns of its notes (words lemminflect knows as nouns, or does not
    know at all: the speaker's jargon, "Redis", "p95"), each once, at most VOCABULARY_MAX_WORDS words."""
    from lemminflect import getAllLemmas

    out: list[str] = list(story.terms)
    seen = {t.lower() for t in out}
    for _, note in story_notes(story):
        for raw in note.split():
            word = raw.strip(".,!?;:\"()[]…'")
            low = word.lower()
            if (not word or low in seen or low in STOPWORDS or low in UNITS or _NUMERAL.match(low)
                    or low in _ONES or low in _TENS or not any(c.isalpha() for c in low)):
                continue
            found = getAllLemmas(low)
            if not found or "NOUN" in found or "PROPN" in found:
                seen.add(low)
                out.append(word)
    kept, count = [], 0
    for phrase in out:
        count += len(phrase.split())
        if count > VOCABULARY_MAX_WORDS:
            break
        kept.append(phrase)
    return kept
