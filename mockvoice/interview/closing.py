"""The end of the interview: "Do you have any questions for me?" The questions the candidate asks
are counted and sorted into the seed's groups (role, team, growth, company)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from mockvoice.analysis.model import Transcript
from mockvoice.analysis.star import split_sentences
from mockvoice.analysis.text import tokens

PROMPT = "That's all from me. Do you have any questions for me?"
GOOD_QUESTIONS_NEEDED = 2
GROUPS = {
    "role": ("role", "day", "typical", "responsibilities", "responsibility", "expect", "expectations",
             "first", "success", "challenges", "challenge", "on-call", "projects", "work on", "position"),
    "team": ("team", "teams", "collaboration", "collaborate", "structure", "code review", "review",
             "deployment", "deploy", "decisions", "decision", "process", "colleagues", "manager", "work together"),
    "growth": ("growth", "grow", "learn", "learning", "career", "progression", "promotion", "mentor",
               "mentoring", "development", "training", "conference", "path"),
    "company": ("company", "culture", "innovation", "business", "strategy", "product", "customers",
                "mission", "values", "engineering culture", "roadmap", "funding", "market"),
}
_QUESTION_START = re.compile(r"^(what|how|who|where|when|why|which|is|are|do|does|did|can|could|would|will|"
                             r"have|has|should)\b")


@dataclass(frozen=True)
class AskedQuestion:
    text: str
    start: float
    group: str | None  # None: a question, but not about the role, team, growth or company


@dataclass(frozen=True)
class ClosingReview:
    questions: tuple[AskedQuestion, ...]

    @property
    def good(self) -> tuple[AskedQuestion, ...]:
        return tuple(q for q in self.questions if q.group)

    @property
    def enough(self) -> bool:
        return len(self.good) >= GOOD_QUESTIONS_NEEDED

    def summary(self) -> str:
        if not self.questions:
            return ("You asked no questions. Ask at least two: about the role, the team, growth or the company "
                    "(\"What does a typical day look like for this role?\").")
        groups = sorted({q.group for q in self.good})
        verdict = ("Good: at least two thoughtful questions." if self.enough else
                   "Ask at least two questions about the role, the team, growth or the company.")
        return (f"You asked {len(self.questions)} question{'s' * (len(self.questions) != 1)}"
                f" ({', '.join(groups) or 'none about role, team, growth or company'}). {verdict}")

    def to_dict(self) -> dict:
        return {"questions": [{"text": q.text, "start": q.start, "group": q.group} for q in self.questions],
                "good_count": len(self.good), "enough": self.enough, "summary": self.summary()}


def _group(toks: list[str]) -> str | None:
    text = " ".join(toks)
    scores = {g: sum(bool(re.search(rf"\b{re.escape(k)}", text)) for k in keys) for g, keys in GROUPS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else None


def review(transcript: Transcript) -> ClosingReview:
    asked = []
    for sentence in split_sentences(transcript.words):
        toks = tokens(sentence.text)
        if not toks:
            continue
        # a question: it ends with "?", or starts like one (Whisper sometimes drops the mark)
        if sentence.text.rstrip().endswith("?") or _QUESTION_START.match(" ".join(toks)):
            if len(toks) >= 4:
                asked.append(AskedQuestion(sentence.text.strip(), sentence.start, _group(toks)))
    return ClosingReview(tuple(asked))
