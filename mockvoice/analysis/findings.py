"""What is missing or weak in an answer, each with a code, a severity and what to do.

Content checks follow the seed's "Red Flags to Avoid" (../shared/reference); the story-type checks
are items of its checklists (checklists.py), which keep their finding codes here; timing checks use
mockvoice.analysis.thresholds.
"""
from __future__ import annotations

from mockvoice.analysis.model import PARTS, Finding, Pacing, StarPart, Timing, Transcript
from mockvoice.analysis.checklists import emitted, said_units
from mockvoice.analysis.features import THIRD, sentence_features
from mockvoice.analysis.star import label_sentences, units
from mockvoice.analysis.text import clock, cue_hits, norm, tokens, word_count
from mockvoice.analysis.thresholds import (FILLERS_PER_MIN_MAX, JARGON_PER_100_WORDS,
                         LOW_CONFIDENCE_PROBABILITY, MIN_VOICED_S_TO_JUDGE, MIN_WORDS_PER_VOICED_S,
                         NEGATIVE_MIN_HITS, NOT_UNDERSTOOD_PROBABILITY, OWNERSHIP_MAX_I_SHARE, OWNERSHIP_MIN_OTHERS,
                         OWNERSHIP_MIN_OTHERS_NONE_MINE, OWNERSHIP_MIN_WE, PACE_WPM, PART_TOO_LONG_FACTOR,
                         PART_TOO_SHORT_FACTOR)
from mockvoice.analysis.thresholds import timing as default_timing

MISSING_ADVICE = {
    "situation": "Open with one or two sentences of context: where you were, what was at stake, and the scale.",
    "task": "Say what you personally had to achieve: your role, the goal and its constraints (deadline, no downtime).",
    "action": "Walk through what you did, step by step, in the first person: the decisions and why.",
    "result": "Close with the outcome, in numbers if you can, and what you learned.",
}
NEGATIVE_CUES = ("nightmare", "disaster", "hated", "hate", "terrible", "awful", "horrible", "stupid",
                 "ridiculous", "pointless", "waste of time", "a mess", "frustrating", "frustrated", "annoying",
                 "annoyed", "painful", "useless", "hopeless", "miserable", "chaos", "chaotic", "garbage", "crap",
                 "insane", "dumb", "idiotic", "sucked", "hell", "headache", "fed up", "worst", "broken process",
                 "dragging on", "forever", "drove me crazy", "a joke", "absurd", "toxic", "exhausting",
                 "hated it", "a fiasco", "ugly", "unbearable", "pathetic")
TECH_TERMS = (
    "redis", "kafka", "docker", "kubernetes", "jenkins", "postgres", "postgresql", "mysql", "sql", "database",
    "index", "indexes", "indices", "query", "queries", "cache", "caching", "cdn", "api", "endpoint", "service",
    "microservice", "microservices", "monolith", "queue", "load balancer", "profiler", "profiled", "profiling",
    "flame graph", "logs", "logging", "metrics", "dashboard", "dashboards", "monitoring", "alert", "alerts",
    "alerting", "grafana", "prometheus", "datadog", "tracing", "rollback", "rolled back", "roll back",
    "feature flag", "feature flags", "canary", "deployment", "pipeline", "ci", "tests", "testing", "unit test",
    "integration test", "load test", "load testing", "benchmark", "script", "automation", "automated",
    "terraform", "aws", "lambda", "sharding", "shard", "replica", "replication", "partition", "schema",
    "migration", "memory", "cpu", "thread", "connection pool", "timeout", "retry", "retries",
    "circuit breaker", "rate limiting", "batch", "async", "python", "java", "golang", "javascript",
    "typescript", "react", "code review", "code reviews", "pull request", "pair programming", "paired",
    "documentation", "runbook", "design doc", "prototype", "proof of concept", "architecture", "diagram",
    "postmortem", "root cause", "heap", "garbage collection", "latency", "throughput", "spreadsheet",
    "one-on-one", "one-on-ones", "checklist", "survey", "experiment", "a/b test", "spike", "framework",
    "library", "kanban", "jira", "git", "linter", "compiler", "terraform", "ansible", "graphql", "grpc",
    "websocket", "cron", "elasticsearch", "mongodb", "s3", "bucket", "serverless", "container", "containers",
    "cluster", "node", "nodes", "server", "servers", "event-driven", "webhook", "consistent hashing",
)
JARGON_TERMS = (
    "consensus", "raft", "paxos", "quorum", "quorum-based", "leader election", "idempotent", "idempotency",
    "linearizable", "linearizability", "serializable", "byzantine", "crdt", "crdts", "vector clock",
    "vector clocks", "gossip protocol", "eventual consistency", "two-phase commit", "saga", "sagas",
    "back-pressure", "backpressure", "sharding", "consistent hashing", "write-ahead log", "mvcc", "lsm",
    "bloom filter", "bloom filters", "sidecar", "service mesh", "istio", "envoy", "cqrs", "event sourcing",
    "hexagonal", "orchestration", "choreography", "anti-entropy", "merkle", "hash ring", "lamport",
    "partition tolerance", "cap theorem", "replication log", "hot partition", "tombstones", "compaction",
    "mutex", "semaphore", "lock-free", "epoll", "kernel bypass", "jit", "vectorized", "simd", "p99",
    "tail latency", "fan-out", "read repair", "hinted handoff", "sloppy quorum", "lease", "fencing token",
)
PLAIN_OUTCOME = ("users", "customers", "customer", "revenue", "business", "faster", "saved", "cost", "costs",
                 "money", "people", "sales", "complaints", "uptime", "easier", "happier", "satisfaction",
                 "team could", "outage", "outages", "downtime", "on time", "deadline", "slower", "orders",
                 "checkout", "page load", "support tickets")
# Blame and negativity are accusations: match them nearly exactly ("message queue" is not "messed up").
STRICT_MATCH = 95.0
FIRST_SINGULAR = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself"})
FIRST_PLURAL = frozenset({"we", "we're", "we've", "we'd", "we'll", "us", "our", "ourselves"})

def _toks(parts: dict[str, StarPart], where: str, transcript: Transcript) -> list[str]:
    if where == "all":
        return tokens(transcript.text)
    return [t for name in where.split("+") if name in parts for t in tokens(parts[name].text)]


def _sentences_of(parts: dict[str, StarPart], name: str, evidence: list) -> list:
    """(sentence, features) pairs inside the named part."""
    part = parts.get(name)
    return [(s, f) for s, f in evidence if part and part.holds(s.start, s.end)]


def content_findings(transcript: Transcript, star: tuple[StarPart, ...], story_type: str | None) -> list[Finding]:
    parts = {p.part: p for p in star}
    all_toks = tokens(transcript.text)
    sentences = units(transcript.words)
    evidence = [(s, sentence_features(s.text)) for s in sentences]
    out: list[Finding] = [Finding(f"missing_{name}", "fail", f"No {name.title()} heard. {MISSING_ADVICE[name]}", name)
                          for name in PARTS if name not in parts]
    result = parts.get("result")
    # the outcome: the Result, and any sentence that on its own reads as one (an answer that opens
    # with its outcome keeps the numbers there)
    rows = label_sentences(sentences)[1]
    reads_as_result = [pair for pair, row in zip(evidence, rows)
                       if max(range(len(PARTS)), key=row.__getitem__) == PARTS.index("result")]
    outcome = _sentences_of(parts, "result", evidence) + reads_as_result
    if result and not any(f.quantities for _, f in outcome):
        out.append(Finding("no_quantified_result", "warn",
                           "The result has no number. Quantify it: time saved, % faster, errors avoided, money, users.",
                           "result", result.start, result.end))
    # a lesson is what the story ends on: in the Result, or (no Result heard) after the Action began,
    # or in a sentence that reads as a Result on its own (an answer that opens with its lesson)
    after = reads_as_result + (_sentences_of(parts, "result", evidence) if result else [
        (s, f) for s, f in evidence if "action" in parts and s.start >= parts["action"].start])
    if not any(f.lesson for _, f in after):
        out.append(Finding("no_lessons_learned", "warn",
                           "Say what you learned or would do differently (\"Since then I always…\").",
                           "result" if result else None))
    out += _ownership(parts, evidence)
    blame = next((s for s, f in evidence if f.blame), None)
    if blame is not None:
        out.append(Finding("blaming_others", "warn",
                           "That sounds like blame. Describe what went wrong neutrally and focus on what you did.",
                           None, blame.start, None))
    if len(cue_hits(all_toks, NEGATIVE_CUES, STRICT_MATCH)) >= NEGATIVE_MIN_HITS:
        out.append(Finding("negative_framing", "warn",
                           "Negative wording. Frame the challenge as an opportunity and what it let you improve.",
                           None, _first_cue_time(transcript, NEGATIVE_CUES, STRICT_MATCH), None))

    action = parts.get("action")
    if action and not cue_hits(tokens(action.text), TECH_TERMS):
        out.append(Finding("vague_technical_details", "warn",
                           "The Action names no concrete technique, tool or decision. Say what exactly you used and why.",
                           "action", action.start, action.end))
    jargon = len(cue_hits(all_toks, JARGON_TERMS))
    if (jargon * 100 / max(len(all_toks), 1) >= JARGON_PER_100_WORDS
            and not cue_hits(_toks(parts, "result", transcript), PLAIN_OUTCOME)):
        out.append(Finding("jargon_heavy", "warn",
                           "Dense jargon and no plain outcome: explain one idea simply and say what it meant for users.",
                           None))
    out.extend(emitted(story_type, said_units(sentences, star)))
    return out


def _told(scope: list) -> tuple[str, ...]:
    """The tenses the story is told in: the past, or (more acts in the present than in the past:
    "so I check the logs, Gill makes the call") the present as well."""
    def deeds(tense: str) -> int:
        return sum(c.deed and c.tense == tense for _, f in scope for c in f.clauses)
    return ("past", "present") if deeds("present") > deeds("past") else ("past",)


def _ownership(parts: dict[str, StarPart], evidence: list) -> list[Finding]:
    """The Task and Action told as what "we" or other people did, with too little of what "I" did, or
    nothing (acts: events in the tenses the story is told in, as features.SentenceFeatures.acts counts them)."""
    action = parts.get("action")
    if not action:
        return []  # nothing was done to judge: missing_action says so
    scope = _sentences_of(parts, "task", evidence) + _sentences_of(parts, "action", evidence)
    told = _told(scope)
    we = sum(f.acts("we", told) for _, f in scope)
    others = we + sum(f.acts(who, told) for _, f in scope for who in THIRD)
    me = sum(f.acts("i", told, supporting=False) for _, f in scope)  # "I helped with the testing": a part in theirs
    few_mine = (we >= OWNERSHIP_MIN_WE or others >= OWNERSHIP_MIN_OTHERS) and me <= others * OWNERSHIP_MAX_I_SHARE
    none_mine = others >= OWNERSHIP_MIN_OTHERS_NONE_MINE and me == 0
    if not (few_mine or none_mine):
        return []
    who = "\"We\"" if others == we else "\"We\" and others"
    return [Finding("low_personal_ownership", "warn",
                    f"{who} did {others} things against \"I\" {me} in what you did: say what you yourself decided and did.",
                    "action", action.start, action.end)]


def _first_cue_time(transcript: Transcript, cues: tuple[str, ...], min_score: float) -> float | None:
    """Start time of the first word where one of the cues begins."""
    words = [w for w in transcript.words if norm(w.text)]
    hits = cue_hits([norm(w.text) for w in words], cues, min_score)
    return words[min(hits)].start if hits else None


def delivery_findings(pacing: Pacing) -> list[Finding]:
    """Pace, fillers and long pauses: how it was said, whatever was said."""
    out: list[Finding] = []
    lo_wpm, hi_wpm = PACE_WPM
    if pacing.wpm > hi_wpm:
        out.append(Finding("pace_too_fast", "warn",
                           f"{pacing.wpm:.0f} words a minute: slow down to {lo_wpm:.0f}–{hi_wpm:.0f} and let key points land."))
    elif pacing.wpm < lo_wpm:
        out.append(Finding("pace_too_slow", "warn",
                           f"{pacing.wpm:.0f} words a minute: aim for {lo_wpm:.0f}–{hi_wpm:.0f}; rehearse the story until it flows."))
    if pacing.fillers_per_min > FILLERS_PER_MIN_MAX:
        out.append(Finding("many_fillers", "warn",
                           f"{len(pacing.fillers)} fillers ({pacing.fillers_per_min:.1f} a minute): pause silently instead."))
    for pause in pacing.long_pauses:
        out.append(Finding("long_pause", "info",
                           f"{pause.duration_s:.1f} s of silence at {clock(pause.start)}: a short pause is fine, a long one loses the listener.",
                           None, pause.start, pause.end))
    return out


def timing_findings(star: tuple[StarPart, ...], pacing: Pacing, timing: Timing | None = None) -> list[Finding]:
    """Length against the whole-answer band and each part against its own (timing: a time version's
    bands, thresholds.timing; default the seed's 2–3 minutes)."""
    timing = timing or default_timing()
    out: list[Finding] = []
    total = pacing.total_s
    if pacing.word_count == 0:
        return out
    band = f"{clock(timing.answer_s[0])}–{clock(timing.answer_s[1])}"
    too_short = total < timing.too_short_s
    if too_short:
        out.append(Finding("too_short", "warn",
                           f"The answer took {clock(total)}; aim for {band} with a fuller Action and Result."))
    elif total > timing.too_long_s:
        out.append(Finding("too_long", "warn",
                           f"The answer took {clock(total)}; aim for {band}: trim the Situation and the detail."))
    for part in star:
        lo, hi = part.target_s
        if part.duration_s > hi * PART_TOO_LONG_FACTOR:
            out.append(Finding("part_too_long", "warn",
                               f"{part.part.title()} took {part.duration_s:.0f} s against a target of {lo:.0f}–{hi:.0f} s.",
                               part.part, part.start, part.end))
        elif not too_short and part.duration_s < lo * PART_TOO_SHORT_FACTOR:
            out.append(Finding("part_too_short", "warn",
                               f"{part.part.title()} took {part.duration_s:.0f} s against a target of {lo:.0f}–{hi:.0f} s.",
                               part.part, part.start, part.end))
    return out + delivery_findings(pacing)


# The transcript findings after which nothing else is judged: there is nothing (trustworthy) to judge.
NOT_JUDGED = ("no_speech", "speech_not_understood")


def transcript_findings(transcript: Transcript, voiced_s: float | None = None) -> list[Finding]:
    """How far the transcript can be trusted. voiced_s: seconds of the audio that are not quiet
    (levels.quiet_spans), when known."""
    if not transcript.words:
        return [Finding("no_speech", "fail", "No speech detected: check the microphone and speak closer to it.")]
    words = word_count(w.text for w in transcript.words)
    mean_p = sum(w.probability for w in transcript.words) / len(transcript.words)
    if (voiced_s is not None and voiced_s >= MIN_VOICED_S_TO_JUDGE
            and (words < MIN_WORDS_PER_VOICED_S * voiced_s or mean_p < NOT_UNDERSTOOD_PROBABILITY)):
        return [Finding("speech_not_understood", "fail",
                        f"The speech was not understood ({words} words recognised in {voiced_s:.0f} s of speech, mean "
                        f"confidence {mean_p:.2f}): the answer may not be in English (the model understands English "
                        "only) or the recording is unclear. Nothing else is judged; answer in English, closer to "
                        "the microphone.")]
    if mean_p < LOW_CONFIDENCE_PROBABILITY:
        return [Finding("low_confidence_transcript", "warn",
                        f"The transcript is uncertain (mean word confidence {mean_p:.2f}): noise or unclear speech; "
                        "treat the findings with care and record closer to the microphone.")]
    return []


def find_all(transcript: Transcript, star: tuple[StarPart, ...], pacing: Pacing, story_type: str | None,
             voiced_s: float | None = None, timing: Timing | None = None) -> tuple[Finding, ...]:
    trust = transcript_findings(transcript, voiced_s)
    if any(f.severity == "fail" for f in trust):  # no speech, or speech not understood
        return tuple(trust)
    return tuple(trust + content_findings(transcript, star, story_type) + timing_findings(star, pacing, timing))


NOT_A_STORY = Finding("not_a_story", "warn",
                      "This does not sound like a story of your own (a talk, a reading or a conversation?): "
                      "tell one specific past situation: what happened, what you did, how it ended.")


def delivery(transcript: Transcript, pacing: Pacing, voiced_s: float | None = None,
             not_a_story: bool = False) -> tuple[Finding, ...]:
    """Findings for a reply that is not a STAR story; not_a_story: an answer that should have been one."""
    trust = transcript_findings(transcript, voiced_s)
    if any(f.severity == "fail" for f in trust):
        return tuple(trust)
    return tuple(trust + [NOT_A_STORY] * not_a_story + delivery_findings(pacing))
