"""Transcript -> Analysis: STAR parts, pacing and findings together."""
from __future__ import annotations

from . import findings, pacing, star
from .model import Analysis, Filler, Question, Transcript


def analyze(transcript: Transcript, question: Question | None = None, audio_path: str = "",
            audio_fillers: list[Filler] | None = None) -> Analysis:
    parts = star.segment(transcript, question.targets if question else None)
    pace = pacing.measure(transcript, parts, audio_fillers)
    return Analysis(audio_path=audio_path, transcript=transcript, star=parts, pacing=pace,
                    findings=findings.find_all(transcript, parts, pace, question), question=question)
