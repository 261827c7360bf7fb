"""Transcript -> Analysis: STAR parts, pacing and findings together."""
from __future__ import annotations

from mockvoice.analysis import findings

from mockvoice.analysis import pacing

from mockvoice.analysis import star
from mockvoice.analysis.model import Analysis, Pause, Question, Transcript


def analyze(transcript: Transcript, question: Question | None = None, audio_path: str = "",
            quiet: list[Pause] | None = None, story: bool = True) -> Analysis:
    """quiet: silent stretches measured on the audio (levels.quiet_spans), for exact pauses.
    story=False for replies that are not STAR stories (a follow-up, the closing questions):
    delivery only — pace, pauses, fillers — with no parts and no story findings."""
    parts = star.segment(transcript, question.targets if question else None) if story else ()
    pace = pacing.measure(transcript, parts, quiet)
    voiced_s = transcript.duration_s - sum(q.duration_s for q in quiet) if quiet is not None else None
    found = (findings.find_all(transcript, parts, pace, question, voiced_s) if story
             else findings.delivery(transcript, pace, voiced_s))
    return Analysis(audio_path=audio_path, transcript=transcript, star=parts, pacing=pace,
                    findings=found, question=question)
