"""The story checklists of the seed, item by item, as data, and the judge that holds sentences against them.

Seed = ../shared/reference ("System Design / Failure Recovery / Innovation Story Checklist", the
key points of the other question themes, and "Red Flags to Avoid"). The same items judge a story's
written notes (`mockvoice stories check`) and what was said in an answer (every review whose story
type is known): each item is ok or not, with the sentence that satisfies it (and its time) or what
to add. An item with `emits` keeps the finding code the story checks had before there were
checklists; a red flag (`flag`) follows the finding that judges it (findings.py), so the checklist
and the findings never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass

from mockvoice.analysis.features import DURATION_UNITS, quantity_at, sentence_features
from mockvoice.analysis.model import Checklist, ChecklistItem, Finding, Sentence, StarPart
from mockvoice.analysis.text import cue_hits


@dataclass(frozen=True)
class Unit:
    """What is judged: a sentence said (its STAR part and start) or a note written (its section, no time)."""
    text: str
    part: str | None
    start: float | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    item: str                                # the seed's wording
    advice: str                              # what to add when it is not met
    parts: tuple[str, ...] = ()              # where to look (STAR parts; notes: their sections); () anywhere
    cues: tuple[str, ...] = ()               # phrases, matched fuzzily (text.cue_hits)
    words: frozenset[str] = frozenset()      # lemmas: any inflection of them ("traced", "tracing": trace)
    needs: tuple[str, ...] = ()              # evidence the same sentence must carry (NEEDS)
    emits: str | None = None                 # the finding raised when it is not met
    flag: str | None = None                  # a red flag: met when findings.py does not raise this code


def said_units(sentences: list[Sentence], star: tuple[StarPart, ...]) -> list[Unit]:
    """The sentences of an answer, each with the STAR part its middle falls in (None: outside every part)."""
    def part_of(s: Sentence) -> str | None:
        middle = (s.start + s.end) / 2
        return next((p.part for p in star if p.holds(middle)), None)
    return [Unit(s.text, part_of(s), s.start) for s in sentences]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _has_duration(toks: tuple[str, ...]) -> bool:
    """A length of time: "in 45 minutes", "thirty-five minutes", "within the hour", "half a day"."""
    return any(tok in DURATION_UNITS and quantity_at(toks, i - 1) for i, tok in enumerate(toks[1:], 1))


NEEDS = {
    "quantity": lambda f: f.quantities > 0,
    "lesson": lambda f: f.lesson,
    "change": lambda f: f.change,
    "duration": lambda f: _has_duration(f.tokens),
}

# Items more than one story type has, and the red flags every checklist ends with.
QUANTIFIED = Rule("quantified_result", "Quantifiable results",
                  "Quantify the result: time saved, % faster, errors avoided, money, users.",
                  parts=("result",), needs=("quantity",), flag="no_quantified_result")
LESSONS = Rule("lessons_learned", "Lessons learned included",
               "Say what you learned or would do differently (\"Since then I always…\").",
               parts=("result",), needs=("lesson",), flag="no_lessons_learned")
RED_FLAGS = (
    QUANTIFIED,
    LESSONS,
    Rule("specific_details", "Specific technical details, not vague ones (red flag: vague)",
         "Name the concrete technique, tool or decision and why.", flag="vague_technical_details"),
    Rule("no_blame", "No blaming others (red flag)", "Describe what went wrong neutrally; focus on what you did.",
         flag="blaming_others"),
    Rule("personal_ownership", "What \"I\" did, not only \"we\" (red flag)",
         "Say what you yourself decided and did.", flag="low_personal_ownership"),
    Rule("clarity", "Technical depth balanced with clarity (red flag: too technical)",
         "Explain one idea simply and say what it meant for users.", flag="jargon_heavy"),
    Rule("positive_framing", "Challenges framed as opportunities (red flag: negative framing)",
         "Frame the challenge as an opportunity and what it let you improve.", flag="negative_framing"),
)

CHECKLISTS: dict[str, tuple[Rule, ...]] = {
    # seed: "System Design Story Checklist"
    "system_design": (
        Rule("problem_statement", "Clear problem statement (performance, scalability, etc.)",
             "Open with the problem in figures: what was slow, failing or could not scale, and for whom.",
             parts=("situation", "task"),
             words=_words("slow latency scale scalability load traffic bottleneck performance timeout limit "
                          "capacity crash outage fail struggle problem issue degrade spike peak cost concurrent "
                          "p95 p99 abandonment grow growth double")),
        Rule("architecture_decisions", "Architecture decisions explained",
             "Say which design you chose and why: the components, what each does, the pattern.",
             parts=("action",), cues=("split the", "in front of", "read-through", "write-through", "event-driven"),
             words=_words("design architecture architect choose decide pick introduce split migrate shard "
                          "partition replicate cache queue microservice service layer pattern schema index "
                          "redesign decouple api gateway cdn stream")),
        Rule("trade_offs", "Trade-offs considered and explained",
             "Explain a trade-off you made: 'I chose X over Y because…, at the cost of…'.",
             cues=("trade-off", "trade-offs", "tradeoff", "tradeoffs", "trade off", "trade offs", "traded",
                   "at the cost of", "instead of", "rather than", "chose", "the downside", "in exchange",
                   "compromise", "sacrifice", "sacrificed", "pros and cons", "over strong consistency",
                   "accepted", "at the expense of", "weighed"),
             emits="no_trade_offs"),
        QUANTIFIED,
        Rule("team_coordination", "Team coordination mentioned",
             "Say how you worked with the team: who did what, reviews, how you kept everyone aligned.",
             cues=("worked with", "product manager", "code review", "design review"),
             words=_words("team engineer coordinate pair review stakeholder colleague assign align sync "
                          "together lead onboard teammate squad")),
        LESSONS,
    ),
    # seed: "Failure Recovery Story Checklist"
    "failure": (
        Rule("incident_described", "Incident clearly described",
             "Describe the incident: what broke, when, and who was affected.",
             parts=("situation", "task"),
             words=_words("outage incident down fail failure error crash break corrupt breach degrade page "
                          "alert timeout unavailable spike leak loss lose stop")),
        Rule("debugging_process", "Debugging process explained",
             "Walk through how you found the cause: what you checked, what it showed.",
             parts=("action",), cues=("root cause",),
             words=_words("log dashboard metric trace debug investigate diagnose profile reproduce check find "
                          "discover narrow bisect analyze analyse inspect monitor graph review dig")),
        Rule("recovery_steps", "Recovery steps detailed",
             "Say step by step what you did to restore service (roll back, restart, fail over…).",
             parts=("action", "result"), cues=("rolled back", "roll back", "failed over", "fail over"),
             words=_words("rollback revert restart restore failover fix patch hotfix redeploy drain disable "
                          "reroute clear recover mitigate throttle replay")),
        Rule("communication", "Communication mentioned",
             "Say how you kept stakeholders, support and users informed during the incident.",
             cues=("stakeholders", "status update", "status updates", "updates", "informed", "inform",
                   "communicated", "kept everyone", "posted", "customer support", "support team",
                   "status page", "announced", "notified", "incident channel", "emailed", "briefed",
                   "told the", "updated the", "kept the", "every 15 minutes", "every fifteen minutes",
                   "incident report", "leadership"),
             emits="no_communication"),
        Rule("prevention", "Prevention measures implemented",
             "Add what you changed so it cannot happen again: tests, monitoring, canary deploys, a postmortem.",
             cues=("prevent", "prevention", "never happen again", "wouldn't happen again",
                   "happen again", "added monitoring", "added alerts", "alerting", "added tests",
                   "automated tests", "postmortem", "post-mortem", "post mortem", "canary",
                   "safeguard", "runbook", "guardrail", "recur", "recurring", "regression test",
                   "from then on", "similar incidents", "circuit breaker", "added an alert",
                   "added a test", "added a check", "added a monitor", "heartbeat", "so it can't",
                   "so that it can't", "fixed the underlying"),
             emits="no_prevention"),
        Rule("recovery_time", "Recovery time and impact quantified",
             "Say how long it took to restore service (\"back up in 45 minutes\").",
             parts=("action", "result"), cues=("back up", "back online", "up again", "working again"),
             words=_words("restore recover resolve fix mitigate stabilize stabilise return recovery downtime outage "
                          "down affect impact lose fail take back disable revert rollback cancel cut within"),
             needs=("duration",), emits="no_recovery_time"),
    ),
    # seed: "Innovation Story Checklist"
    "innovation": (
        Rule("opportunity", "Opportunity clearly identified",
             "Say what was manual, slow or missing, and what it cost (hours, delays, errors).",
             parts=("situation", "task"),
             words=_words("manual manually slow hour waste inefficient opportunity repetitive tedious notice "
                          "realize realise block delay bottleneck painful error-prone miss lack spend")),
        Rule("research_proposal", "Research/proposal process",
             "Say how you researched the options and won support: the proposal, the prototype, the approval.",
             cues=("buy-in", "proof of concept"),
             words=_words("research evaluate compare propose proposal pitch present prototype demo approval "
                          "approve roi investigate survey benchmark explore option alternative")),
        Rule("implementation", "Implementation details",
             "Describe what you built and how: the tools, the steps you automated.",
             parts=("action",), cues=("set up",),
             words=_words("build implement write automate create integrate deploy script pipeline configure "
                          "migrate develop code ship tool")),
        Rule("adoption_metrics", "Adoption metrics",
             "Give adoption figures: how many people or teams use it now, and how fast they took it up.",
             cues=("adopted", "adoption", "teams", "engineers", "developers", "people", "users", "rolled out",
                   "using it", "use it", "uses it", "signed up", "onboarded", "team members", "departments"),
             needs=("quantity",), emits="no_adoption_metrics"),
        Rule("business_impact", "Business impact quantified",
             "Put the business impact in numbers: hours saved a week, faster releases, money, customers.",
             parts=("result",), needs=("quantity",),
             words=_words("save time cost revenue hour fast velocity customer release money reduce increase "
                          "week month day minute percent deploy")),
        Rule("broader_impact", "Broader impact (if applicable)",
             "If it spread, say so: other teams, company-wide, made a standard.",
             cues=("other teams", "company-wide", "across the company", "whole company", "other departments",
                   "open source", "open-sourced", "every team", "all teams", "the standard", "company wide"),
             words=_words("organization organisation company-wide standardize standardise")),
    ),
    # seed: "Optimized a Slow System" key points
    "optimization": (
        Rule("profiling", "Profiling and analysis",
             "Say how you measured where the time went: the profiler, traces, load tests.",
             cues=("flame graph", "load test", "load testing"),
             words=_words("profile profiler measure benchmark trace instrument analyze analyse metric apm "
                          "log dashboard")),
        Rule("bottleneck", "Bottleneck identified",
             "Name the bottleneck you found and what it cost.",
             cues=("found that", "turned out", "the cause", "root cause", "most of the time", "hot path",
                   "n+1", "was spending", "were spending"),
             words=_words("bottleneck culprit hotspot contention cause")),
        Rule("optimization_strategy", "Optimization strategies",
             "Say what you changed to make it faster, and why that change.",
             parts=("action",),
             words=_words("cache index batch parallelize parallelise rewrite precompute compress pool async "
                          "denormalize shard lazy paginate tune optimize optimise replace remove query "
                          "prefetch inline vectorize")),
        Rule("measurable_improvement", "Measurable improvements",
             "Give the improvement in numbers: before and after, % faster.",
             parts=("result",), needs=("quantity",), flag="no_quantified_result"),
    ),
    # seed: "Made a Technical Decision with Incomplete Information" key points
    "decision": (
        Rule("information_gathering", "Information gathering strategy",
             "Say how you gathered what information you could, and how fast.",
             words=_words("ask research gather interview talk consult read prototype spike benchmark data "
                          "investigate survey experiment evaluate test measure")),
        Rule("risk_assessment", "Risk assessment",
             "Say what could go wrong and how bad it would be.",
             cues=("go wrong", "worst case", "the downside"),
             words=_words("risk unknown uncertainty uncertain downside impact likelihood chance assess "
                          "reversible irreversible danger")),
        Rule("decision_framework", "Decision framework",
             "Say how you decided: the criteria, the options weighed, the deadline.",
             cues=("two-way door", "one-way door"),
             words=_words("criterion weigh compare option alternative trade-off tradeoff prioritize "
                          "prioritise matrix score framework deadline decide because")),
        Rule("mitigation_plan", "Mitigation plans",
             "Say how you limited the risk of deciding early: a rollback plan, a pilot, a checkpoint to revisit.",
             cues=("rollback", "roll back", "rollback plan", "fallback", "fall back", "plan b",
                   "mitigate", "mitigation", "risk", "risks", "reversible", "exit plan",
                   "feature flag", "pilot", "small experiment", "proof of concept", "safety net",
                   "escape hatch", "backup plan", "checkpoint", "revisit", "contingency",
                   "worst case", "roll it back", "switch back", "go back"),
             emits="no_risk_mitigation"),
    ),
    # seed: "Mentored a Junior Developer" key points
    "mentoring": (
        Rule("teaching_approach", "Teaching approach",
             "Say how you taught: pairing, reviews, weekly one-on-ones, letting them lead.",
             cues=("one-on-one", "one-on-ones", "one on one"),
             words=_words("pair review explain walk teach coach weekly question example exercise shadow "
                          "guide feedback goal meet plan")),
        Rule("knowledge_transfer", "Knowledge transfer",
             "Say what knowledge you passed on and how: docs, walkthroughs, the codebase.",
             words=_words("document documentation share show codebase runbook handover knowledge onboarding "
                          "wiki demo session explain walkthrough")),
        Rule("growth_outcome", "Growth outcomes",
             "Say what your mentee could do afterwards: shipped alone, promoted, now mentoring others.",
             parts=("result",),
             cues=("promoted", "promotion", "shipped", "now mentors", "mentoring", "took over",
                   "leads the", "led the", "owns the", "presented", "delivered", "launched",
                   "on-call rotation", "joined the on-call", "first feature", "tech lead",
                   "independently shipped", "without help", "reviews other"),
             emits="no_growth_outcome"),
        Rule("team_impact", "Team impact",
             "Say what it did for the team: more reviewers, faster onboarding, load taken off others.",
             parts=("result",), cues=("new hires", "the rest of"),
             words=_words("team other onboarding velocity reviewer colleague hire everyone")),
    ),
    # seed, Week 3: "What's your weakness? (technical focus)"
    "weakness": (
        Rule("weakness_named", "A real weakness named, with an example",
             "Name the weakness plainly and give one time it cost something.",
             parts=("situation", "task"), cues=("not good at", "bad at", "used to"),
             words=_words("weakness struggle tend tendency habit difficult hard weak uncomfortable avoid "
                          "overcommit perfectionism procrastinate")),
        Rule("improvement_plan", "Concrete improvement plan",
             "Describe the concrete steps you take to improve: a course, a habit, asking for feedback.",
             parts=("action", "result"),
             cues=("i started", "course", "practice", "practiced", "practise", "book", "books",
                   "workshop", "feedback", "every week", "each week", "habit", "now i", "i now",
                   "working on", "improve", "improving", "set aside", "study", "studied",
                   "checklist", "mentor", "reminder", "deliberately"),
             emits="no_improvement_plan"),
        Rule("progress_shown", "Progress shown",
             "Say what has changed since, with a figure if you can.",
             parts=("result",), needs=("change",)),
    ),
}


def rules(story_type: str) -> tuple[Rule, ...]:
    """The story type's checklist, then the red flags it does not already hold."""
    own = CHECKLISTS[story_type]
    held = {r.flag for r in own if r.flag}
    return own + tuple(r for r in RED_FLAGS if r.flag not in held)


def codes(story_type: str) -> set[str]:
    """The finding codes the type's checklist shows as items (those it emits, its red flags)."""
    return {r.emits or r.flag for r in rules(story_type) if r.emits or r.flag}


def satisfies(rule: Rule, unit: Unit) -> bool:
    if rule.parts and unit.part not in rule.parts:
        return False
    f = sentence_features(unit.text)
    if (rule.cues or rule.words) and not (rule.words.intersection(f.lemmas) or cue_hits(list(f.tokens), rule.cues)):
        return False
    return all(NEEDS[need](f) for need in rule.needs)


def _evidence(rule: Rule, units: list[Unit]) -> Unit | None:
    if not (rule.cues or rule.words or rule.needs):
        return None
    return next((u for u in units if satisfies(rule, u)), None)


def judge(story_type: str, units: list[Unit], findings: tuple[Finding, ...] | list[Finding]) -> Checklist:
    """Each item of the type's checklist against the units. No units (no speech): nothing is met."""
    raised = {f.code: f for f in findings}
    items = []
    for rule in rules(story_type):
        hit = _evidence(rule, units)
        flagged = raised.get(rule.flag) if rule.flag else None
        ok = bool(units) and (flagged is None if rule.flag else hit is not None)
        if not ok and flagged is not None:  # the red flag's own sentence, when it points at one
            hit = next((u for u in units if u.start is not None and u.start == flagged.start), None)
        items.append(ChecklistItem(rule.id, rule.item, ok, hit.text if hit else None,
                                   flagged.start if flagged is not None else (hit.start if hit else None),
                                   None if ok else (flagged.message if flagged is not None else rule.advice)))
    return Checklist(story_type, tuple(items))


def emitted(story_type: str | None, units: list[Unit]) -> list[Finding]:
    """The findings of the story-type items not met (no_trade_offs, no_prevention…)."""
    return [Finding(r.emits, "warn", r.advice, r.parts[-1] if r.parts else None)
            for r in CHECKLISTS.get(story_type or "", ()) if r.emits and _evidence(r, units) is None]
