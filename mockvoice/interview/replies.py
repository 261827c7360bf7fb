"""Replies judged as replies: did the reply to a follow-up answer it? A number or metric for "how did
you measure", a concrete change for "what would you do differently" (not "nothing": the seed's
"Avoid: Saying you wouldn't change anything"), a named alternative and a reason for "why X rather than
Y"…, with the sentence that shows it. The evidence is the analysis's own: checklist rules
(analysis/checklists.py) on the lemmas, clauses and evidence groups of analysis/features.py."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from mockvoice.analysis.checklists import CHECKLISTS, Rule, Unit, satisfies
from mockvoice.analysis.findings import TECH_TERMS
from mockvoice.analysis.model import Sentence, Transcript
from mockvoice.analysis.star import split_sentences
from mockvoice.analysis.text import cue_hits, tokens


def _rule(rule_id: str, cues: tuple[str, ...] = (), words: str = "", needs: tuple[str, ...] = ()) -> Rule:
    """A clue a reply's sentence can carry: cue phrases or lemmas (either), and evidence it must hold."""
    return Rule(rule_id, rule_id, "", cues=cues, words=frozenset(words.split()), needs=needs)


def _checklist(rule_id: str) -> Rule:
    """A checklist item as a clue: anywhere in the reply (a reply has no STAR parts)."""
    return replace(next(r for rules in CHECKLISTS.values() for r in rules if r.id == rule_id), parts=())


NUMBER = _rule("number", needs=("quantity",))
METRIC = _rule("metric", ("error rate", "response time", "page load", "support tickets", "conversion rate"),
               "latency uptime throughput p95 p99 metric kpi revenue conversion satisfaction nps adoption usage "
               "ticket complaint")
REASON = _rule("reason", ("so that", "the reason", "which meant", "that meant", "that way", "to avoid",
                          "in order to"),
               "because since reason avoid risk cheap simple fast safe easy reliable")
ALTERNATIVE = _rule("alternative", ("rather than", "instead of", "other option", "other options", "looked at",
                                    "could have", "the alternative", "compared it", "compared them"),
                    "alternative option consider compare evaluate weigh versus instead")
LESSON = _rule("lesson", needs=("lesson",))
FALLBACK = _rule("fallback", ("plan b", "fall back", "roll back", "rolled back", "roll it back", "switch back",
                              "would have", "'d have", "if it had", "if that had", "turned it off", "turn it off",
                              "kill switch", "backup plan"),
                 "fallback rollback revert restore backup contingency escalate abort")
METHOD = _rule("method", ("load test", "flame graph"),
               "measure compare dashboard log benchmark profile profiler trace count calculate estimate survey "
               "query track monitor test analyse analyze baseline sample graph metric report data spreadsheet "
               "instrument")
ROLE = _rule("role", ("my role", "my job", "i was responsible", "i personally", "i owned", "i led", "i decided"),
             "role responsible responsibility personally myself own lead")
STEPS = _rule("steps", ("after that", "step by step", "to start"), "first then next finally afterwards step")
CHALLENGE = _rule("challenge", ("the hardest", "the biggest"),
                  "challenge hard difficult tricky struggle problem obstacle balance pressure risk worry")
SOLVED = _rule("solved", ("so i", "so we", "i ended up", "we ended up"),
               "solve handle overcome address fix prioritize prioritise decide split measure resolve")
TOOL = _rule("tool", TECH_TERMS)
LEAD_IN_WORDS = 4  # an evidence sentence shorter than this is quoted with the one after it
# Answers that decline: "nothing really", "I'd do it exactly the same", "I don't remember". Never evidence.
REFUSALS = ("nothing really", "not much", "nothing at all", "wouldn't change anything", "would not change anything",
            "wouldn't change a thing", "wouldn't do anything differently", "would do the same", "do it the same way",
            "exactly the same", "i don't know", "i'm not sure", "not sure", "i don't remember", "i can't remember",
            "no idea", "hard to say")


@dataclass(frozen=True)
class Expectation:
    """What answers a kind of probe: every clue met by a sentence of the reply, a clue being met by
    any of its rules; and what to say when it is not."""
    clues: tuple[tuple[Rule, ...], ...]
    advice: str


def _from_checklist(rule_id: str) -> Expectation:
    rule = _checklist(rule_id)
    return Expectation(((rule,),), rule.advice)


EXPECTATIONS: dict[str, Expectation] = {
    "metric": Expectation(((NUMBER, METRIC),), "Answer with a figure: the metric you tracked, before and after."),
    "method": Expectation(((METHOD,),), "Say how you got the figure: what you measured, with what, against "
                                        "which baseline."),
    "change": Expectation(((LESSON,),), "Name one concrete thing you would do differently and why (\"Next time "
                                        "I would…\"); never that you would change nothing."),
    "alternative": Expectation(((ALTERNATIVE,), (REASON,)), "Name the alternative you weighed and why you chose "
                                                            "against it (\"We considered X, but… because…\")."),
    "trade_offs": Expectation(((_checklist("trade_offs"), ALTERNATIVE), (REASON,)),
                              "Say what you gave up for what: \"I chose X over Y because…, at the cost of…\"."),
    "contingency": Expectation(((FALLBACK,),), "Say what your fallback was: how you would have rolled back or "
                                               "contained it, and how fast."),
    "role": Expectation(((ROLE,),), "Say what you yourself owned and decided, in the first person."),
    "steps": Expectation(((STEPS,),), "Walk through what you did in order: first…, then…, finally…."),
    "challenge": Expectation(((CHALLENGE,), (SOLVED,)), "Name the hardest part and how you got past it."),
    "tool": Expectation(((TOOL,), (REASON,)), "Name the tool or technique and why you chose it."),
    "substance": Expectation(((NUMBER, TOOL, REASON),), "Give one concrete detail: a number, the technique you "
                                                        "used, or the reason behind it."),
    **{kind: _from_checklist(kind) for kind in ("communication", "prevention", "recovery_time", "adoption_metrics",
                                                "mitigation_plan", "growth_outcome", "improvement_plan")},
}
# What a question of the bank (or any follow-up text) asks for, first match wins; else "substance".
KINDS = (
    (r"\bdifferently\b|\bsame choices\b|\blearn", "change"),
    (r"\btrade-?offs?\b", "trade_offs"),
    (r"\bfallback\b|\brollback\b|\bif you were wrong\b|\bcost of being wrong\b|\brisks?\b", "contingency"),
    (r"\bhappen again\b|\bsafeguards?\b|\blasted\b", "prevention"),
    (r"\bstakeholders\b|\bcommunicat|\bbuy-in\b|\bmake the case\b|\bpushback\b", "communication"),
    (r"\bmeasur|\bnumbers\b|\bimpact\b|\bhow (many|much|long|quickly)\b|\bprogress\b|\blatency\b|\buptime\b"
     r"|\bturn out\b", "metric"),
    (r"\bwhy\b|\binstead\b|\balternatives?\b|\bcriteria\b|\bframework\b|\bcompare\b", "alternative"),
    (r"\bhow did you (find|work out|know|tell|profile|load test|gather)\b|\bwhat did (you check|the query)\b"
     r"|\bbase that call\b|\bhow could you tell\b|\bhow do you know\b", "method"),
    (r"\bchalleng|\bhardest\b|\bdifficult\b", "challenge"),
    (r"\brole\b|\bpersonally\b|\byourself\b", "role"),
    (r"\bhow did you\b|\bwalk me through\b|\bstep by step\b|\bwhat did you do\b", "steps"),
)


def classify(question: str) -> str:
    """The kind of answer a follow-up question asks for (a key of EXPECTATIONS)."""
    text = question.lower()
    return next((kind for pattern, kind in KINDS if re.search(pattern, text)), "substance")


@dataclass(frozen=True)
class Reply:
    asked: str
    probe: str | None         # what it probed: a finding code, or the answer's own words
    expects: str              # a key of EXPECTATIONS
    answered: bool
    evidence: str | None      # the sentence that answers it (not answered: the one that declined, if any)
    start: float | None       # when that sentence was said
    advice: str | None        # not answered: what a good reply says

    def to_dict(self) -> dict:
        return {"asked": self.asked, "probe": self.probe, "answered": self.answered, "evidence": self.evidence,
                "advice": self.advice, "expects": self.expects, "start": self.start}


def refuses(sentence: str) -> bool:
    return bool(cue_hits(tokens(sentence), REFUSALS))


def _meets(clue: tuple[Rule, ...], sentence: Sentence) -> bool:
    return any(satisfies(rule, Unit(sentence.text, None, sentence.start)) for rule in clue)


def _quoted(sentence: Sentence, sentences: list[Sentence]) -> str:
    """The evidence as said: the sentence, with the next one when it is only a lead-in ("Looking back.")."""
    i = sentences.index(sentence)
    if len(tokens(sentence.text)) < LEAD_IN_WORDS and i + 1 < len(sentences):
        return f"{sentence.text} {sentences[i + 1].text}"
    return sentence.text


def judge(asked: str, expects: str, probe: str | None, transcript: Transcript) -> Reply:
    """Whether the reply answers the probe, with its evidence, or what it lacks."""
    expectation = EXPECTATIONS.get(expects, EXPECTATIONS["substance"])
    sentences = split_sentences(transcript.words)
    declined = next((s for s in sentences if refuses(s.text)), None)
    usable = [s for s in sentences if not refuses(s.text)]
    found = [next((s for s in usable if _meets(clue, s)), None) for clue in expectation.clues]
    if sentences and all(found):
        return Reply(asked, probe, expects, True, _quoted(found[0], sentences), found[0].start, None)
    advice = expectation.advice if sentences else "No reply heard: answer the follow-up aloud."
    return Reply(asked, probe, expects, False, declined.text if declined else None,
                 declined.start if declined else None, advice)
