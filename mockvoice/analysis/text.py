"""Word-level text helpers shared by the pure stages: normalising, spoken-word counts, cue matching."""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from mockvoice.analysis.thresholds import CUE_MATCH_MIN

HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "hmm", "hm", "mm", "mhm"})

_NUMBER = re.compile(r"^\$?(\d[\d,]*)(?:\.(\d+))?(%|k|m|b|x|s|st|nd|rd|th|ms)?$")
_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS = frozenset(_ONES + _TENS[2:] + ["hundred", "thousand", "million", "billion", "half",
                                              "double", "twice", "triple", "dozen", "dozens", "hundreds",
                                              "thousands", "millions"])


def norm(token: str) -> str:
    """Lower-case a transcript token and strip surrounding punctuation (keeps $ % ' - inside)."""
    return token.lower().strip().strip(".,!?;:\"()[]…").strip("'").replace("’", "'")


def clock(seconds: float) -> str:
    """m:ss for a time in seconds."""
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def parse_clock(text: str) -> float | None:
    """Seconds in "2:00", "1:45" or "150" (a target length as typed), None if it is not one."""
    m = re.fullmatch(r"\s*(?:(\d{1,3}):([0-5]\d)|(\d{1,4}(?:\.\d+)?))\s*", text)
    if not m:
        return None
    seconds = int(m[1]) * 60 + int(m[2]) if m[1] is not None else float(m[3])
    return float(seconds) if seconds > 0 else None


def tokens(text: str) -> list[str]:
    return [t for t in (norm(x) for x in text.split()) if t]


def is_hesitation(token: str) -> bool:
    return norm(token) in HESITATIONS


def _integer_words(n: int) -> int:
    """How many words an integer takes spoken ("forty-five" is one word)."""
    if n < 100:
        return 1 if n <= 20 or n % 10 == 0 else 2  # "forty-five" is two words
    if 1100 <= n <= 2099 and n % 100 != 0 and n // 100 != 10:  # years: "twenty twenty-one"
        return 2
    for size, word_count in ((10**9, 1), (10**6, 1), (1000, 1), (100, 1)):
        if n >= size:
            head, rest = divmod(n, size)
            return _integer_words(head) + word_count + (_integer_words(rest) if rest else 0)
    return 1


def spoken_words(token: str) -> int:
    """Words a token takes when spoken: '45' -> 2, '90%' -> 2, '$2.5M' -> 5, 'multi-region' -> 2.
    Hyphenated words count by their parts, so 'forty-five' and Whisper's '45' agree."""
    t = norm(token)
    m = _NUMBER.match(t)
    if not m:
        return len([part for part in t.split("-") if part])
    count = _integer_words(int(m.group(1).replace(",", "") or 0))
    if m.group(2):
        count += 1 + len(m.group(2))  # "point five"
    if m.group(3) in ("%", "k", "m", "b", "x", "ms"):
        count += 1
    if t.startswith("$"):
        count += 1
    return count


def word_count(texts) -> int:
    """Spoken words in transcript tokens, hesitations ("um") left out: '90%' counts as 'ninety percent'."""
    return sum(spoken_words(t) for t in texts if not is_hesitation(t))


def is_quantity(token: str) -> bool:
    t = norm(token)
    return bool(re.search(r"\d", t)) or t in NUMBER_WORDS


@lru_cache(maxsize=4096)
def _cue_tokens(cue: str) -> tuple[str, ...]:
    return tuple(cue.lower().split())


def cue_hits(toks: list[str], cues: tuple[str, ...], min_score: float = CUE_MATCH_MIN) -> list[int]:
    """Token index of the first occurrence of each cue phrase found in the token list.
    Matching is fuzzy (rapidfuzz) so that small transcription slips ('responsable for')
    still match; cues shorter than 12 characters must match exactly, since one letter
    there changes the meaning ('since the' is not 'since then')."""
    hits = []
    for cue in cues:
        ct = _cue_tokens(cue)
        n = len(ct)
        target = " ".join(ct)
        exact = len(target) < 12
        for i in range(len(toks) - n + 1):
            if exact:
                found = tuple(toks[i:i + n]) == ct
            else:
                # a short first word (a pronoun: "i", "we", "my") must be exact: "it would have" is
                # not "i would have"
                first = toks[i] == ct[0] if len(ct[0]) <= 2 else toks[i][:1] == ct[0][:1]
                found = first and fuzz.ratio(" ".join(toks[i:i + n]), target) >= min_score
            if found:
                hits.append(i)
                break
    return hits
