"""The interviewer's follow-ups: a few probes per answer, chosen in the order of value — the answer's
biggest gap, a technical-depth probe built from its own words (depth.py), the question's own
follow-ups from the bank, then the seed's "Common Follow-up Questions" (measure success, what would
you do differently, biggest challenge) — never the same question twice in a session."""
from __future__ import annotations

from dataclasses import dataclass

from mockvoice.analysis.model import Analysis
from mockvoice.interview.depth import mentions
from mockvoice.interview.replies import classify

DEFAULT_COUNT = 2  # --follow-ups: "a real interviewer probes two or three times"


@dataclass(frozen=True)
class Probe:
    text: str            # the question asked
    kind: str            # "gap" | "depth" | "bank" | "common"
    about: str | None    # a gap: the finding code; a depth probe: the answer's own words; else None
    expects: str         # what answers it (replies.EXPECTATIONS)


# Most telling gap first. Each: finding code, what an interviewer asks about it, what answers that.
GAPS = (
    ("missing_result", "How did it turn out in the end, and how did you measure success?", "metric"),
    ("no_quantified_result", "How did you measure success?", "metric"),
    ("missing_task", "What exactly was your role, and what were you responsible for?", "role"),
    ("low_personal_ownership", "What did you personally do, as opposed to the team?", "role"),
    ("missing_action", "Walk me through what you actually did, step by step.", "steps"),
    ("no_lessons_learned", "What would you do differently?", "change"),
    ("no_trade_offs", "What trade-offs did you consider, and why did you choose this design?", "trade_offs"),
    ("no_prevention", "What did you change so it could not happen again?", "prevention"),
    ("no_communication", "How did you keep stakeholders informed while it was happening?", "communication"),
    ("no_recovery_time", "How long did it take to restore service, and what was the impact?", "recovery_time"),
    ("no_adoption_metrics", "How many people ended up using it, and how quickly?", "adoption_metrics"),
    ("no_risk_mitigation", "What was your plan if the decision turned out to be wrong?", "mitigation_plan"),
    ("no_growth_outcome", "What could your mentee do at the end that they couldn't before?", "growth_outcome"),
    ("no_improvement_plan", "What concrete steps are you taking to improve on that?", "improvement_plan"),
    ("vague_technical_details", "Which technique or tool did you use, and why that one?", "tool"),
    ("blaming_others", "Looking back, what could you yourself have done differently?", "change"),
)
# The seed's "Common Follow-up Questions", in its order.
COMMON = (("How did you measure success?", "metric"), ("What would you do differently?", "change"),
          ("What was the biggest challenge?", "challenge"))


def candidates(analysis: Analysis) -> tuple[list[Probe], list[Probe], list[Probe], list[Probe]]:
    """Every probe this answer calls for, by tier: its gaps, depth probes from its words, the bank's
    follow-ups of its question, the common ones; each tier best first."""
    codes = {f.code for f in analysis.findings}
    gaps = [Probe(text, "gap", code, expects) for code, text, expects in GAPS if code in codes]
    depth = [Probe(m.question, "depth", m.words, m.expects) for m in mentions(analysis.transcript, analysis.star)]
    bank = [Probe(text, "bank", None, classify(text)) for text in (analysis.question.follow_ups
                                                                   if analysis.question else ())]
    common = [Probe(text, "common", None, expects) for text, expects in COMMON]
    return gaps, depth, bank, common


def choose(analysis: Analysis, count: int = DEFAULT_COUNT, asked: frozenset[str] | set[str] = frozenset()) -> list[Probe]:
    """`count` probes for the answer in the order of value — its biggest gap, the best depth probe,
    the bank's, the common ones, then its other gaps and depth probes — leaving out every question
    already asked in the session (`asked`)."""
    gaps, depth, bank, common = ([p for p in tier if p.text not in asked] for tier in candidates(analysis))
    chosen: list[Probe] = []
    for probe in gaps[:1] + depth[:1] + bank + common + gaps[1:] + depth[1:]:
        if len(chosen) < count and probe.text not in {p.text for p in chosen}:
            chosen.append(probe)
    return chosen
