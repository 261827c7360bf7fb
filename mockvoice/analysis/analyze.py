"""Transcript -> Analysis: STAR parts, pacing and findings together."""
from __future__ import annotations

from mockvoice.analysis import findings, pacing, star
from mockvoice.analysis.model import Analysis, Pause, Question, Transcript
from mockvoice.analysis.story import told_a_story


def analyze(transcript: Transcript, question: Question | None = None, audio_path: str = "",
            quiet: list[Pause] | None = None, story: bool = True) -> Analysis:
    """quiet: silent stretches measured on the audio (levels.quiet_spans), for exact pauses.
    story=False for replies that are not STAR stories (a follow-up, the closing questions):
    delivery only — pace, pauses, fillers — with no parts and no story findings. An answer that
    is not a story at all (a talk, a reading: story.told_a_story) gets the same, with `not_a_story`."""
    a_story = story and told_a_story(transcript)
    parts = star.segment(transcript, question.targets if question else None) if a_story else ()
    pace = pacing.measure(transcript, parts, quiet)
    voiced_s = transcript.duration_s - sum(q.duration_s for q in quiet) if quiet is not None else None
    if a_story:
        found = findings.find_all(transcript, parts, pace, question, voiced_s)
    else:
        found = findings.delivery(transcript, pace, voiced_s, not_a_story=story)
    return Analysis(audio_path=audio_path, transcript=transcript, star=parts, pacing=pace,
                    findings=found, question=question)
