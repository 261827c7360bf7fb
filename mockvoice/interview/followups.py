"""The interviewer's one follow-up, chosen from what the answer lacked (seed: "Common Follow-up
Questions" — measure success, what would you do differently, biggest challenge)."""
from __future__ import annotations

from mockvoice.analysis.model import Analysis

# Most telling gap first. Each: finding code -> what an interviewer asks about it.
PROBES = (
    ("missing_result", "How did it turn out in the end, and how did you measure success?"),
    ("no_quantified_result", "How did you measure success?"),
    ("missing_task", "What exactly was your role, and what were you responsible for?"),
    ("low_personal_ownership", "What did you personally do, as opposed to the team?"),
    ("missing_action", "Walk me through what you actually did, step by step."),
    ("no_lessons_learned", "What would you do differently?"),
    ("no_trade_offs", "What trade-offs did you consider, and why did you choose this design?"),
    ("no_prevention", "What did you change so it could not happen again?"),
    ("no_communication", "How did you keep stakeholders informed while it was happening?"),
    ("no_recovery_time", "How long did it take to restore service, and what was the impact?"),
    ("no_adoption_metrics", "How many people ended up using it, and how quickly?"),
    ("no_risk_mitigation", "What was your plan if the decision turned out to be wrong?"),
    ("no_growth_outcome", "What could your mentee do at the end that they couldn't before?"),
    ("no_improvement_plan", "What concrete steps are you taking to improve on that?"),
    ("vague_technical_details", "Which technique or tool did you use, and why that one?"),
    ("blaming_others", "Looking back, what could you yourself have done differently?"),
)
DEFAULT = "What was the biggest challenge?"


def choose(analysis: Analysis) -> tuple[str, str | None]:
    """(follow-up question, the finding code it probes, or None for the default)."""
    codes = {f.code for f in analysis.findings}
    for code, question in PROBES:
        if code in codes:
            return question, code
    return DEFAULT, None
