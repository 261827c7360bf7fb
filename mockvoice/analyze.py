"""Transcript -> Analysis: STAR parts, pacing and findings together."""
from __future__ import annotations

from . import findings, pacing, star
from .model import Analysis, Pause, Question, Transcript


def analyze(transcript: Transcript, question: Question | None = None, audio_path: str = "",
            quiet: list[Pause] | None = None) -> Analysis:
    """quiet: silent stretches measured on the audio (voicing.quiet_spans), for exact pauses."""
    parts = star.segment(transcript, question.targets if question else None)
    pace = pacing.measure(transcript, parts, quiet)
    return Analysis(audio_path=audio_path, transcript=transcript, star=parts, pacing=pace,
                    findings=findings.find_all(transcript, parts, pace, question), question=question)
