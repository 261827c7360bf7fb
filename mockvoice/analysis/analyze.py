"""Transcript -> Analysis: STAR parts, pacing, findings, the checklist of the story type and the
attempt against the story's notes, together; and a story's written notes -> their checklist."""
from __future__ import annotations

from dataclasses import replace

from mockvoice.analysis import checklists, findings, notes, pacing, star
from mockvoice.analysis.model import (PARTS, Analysis, Checklist, Pause, Question, StarPart, Story, Transcript,
                                      Word, join_words)
from mockvoice.analysis.story import told_a_story
from mockvoice.analysis.thresholds import SENTENCE_GAP_S, timing


def analyze(transcript: Transcript, question: Question | None = None, audio_path: str = "",
            quiet: list[Pause] | None = None, story: bool = True, plan: Story | None = None,
            target_s: float | None = None) -> Analysis:
    """quiet: silent stretches measured on the audio (levels.quiet_spans), for exact pauses.
    story=False for replies that are not STAR stories (a follow-up, the closing questions):
    delivery only — pace, pauses, fillers — with no parts and no story findings. An answer that
    is not a story at all (a talk, a reading: story.told_a_story) gets the same, with `not_a_story`.
    plan: the user's story this answer tells (its type decides the checklist, its notes are matched);
    target_s: the length this attempt aims at (default the story's own, else the seed's 2–3 min)."""
    a_story = story and told_a_story(transcript)
    bands = timing(target_s or (plan.target_s if plan else None), question.targets if question else None)
    parts = star.segment(transcript, bands.parts) if a_story else ()
    pace = pacing.measure(transcript, parts, quiet)
    voiced_s = transcript.duration_s - sum(q.duration_s for q in quiet) if quiet is not None else None
    story_type = plan.type if plan else (question.story_type if question else None)
    if a_story:
        found = findings.find_all(transcript, parts, pace, story_type, voiced_s, bands)
    else:
        found = findings.delivery(transcript, pace, voiced_s, not_a_story=story)
    checklist = None
    if story and story_type:
        judged = not any(f.code in findings.NOT_JUDGED for f in found)  # no speech, or not understood: nothing is met
        units = checklists.said_units(star.split_sentences(transcript.words), parts) if judged else []
        checklist = checklists.judge(story_type, units, found)
    return Analysis(audio_path=audio_path, transcript=transcript, star=parts, pacing=pace, findings=found,
                    question=question, checklist=checklist,
                    story=notes.match(plan, transcript) if plan and story else None)


def check_notes(plan: Story) -> Checklist:
    """The story's written notes against its type's checklist, judged as an answer is: the notes of
    each part are read as the sentences of that part (lessons with the Result), so the red flags are
    the findings' own rules. Items point at notes, never at a time."""
    transcript, parts, units = _notes_as_answer(plan)
    judged = checklists.judge(plan.type, units, findings.content_findings(transcript, parts, plan.type))
    return Checklist(judged.story_type, tuple(replace(item, start=None) for item in judged.items))


def _notes_as_answer(plan: Story) -> tuple[Transcript, tuple[StarPart, ...], list[checklists.Unit]]:
    """The notes as a transcript, one sentence a note (a pause between notes ends each; a lesson
    is said as one: "I learned: …"), the STAR part each section stands for, and the notes as units
    at the times given to them."""
    words: list[Word] = []
    spans: dict[str, tuple[float, float]] = {}
    units = []
    t = 0.0
    for section, note in notes.story_notes(plan):
        part = "result" if section == "lessons" else section
        said = "I learned: " * (section == "lessons") + note
        units.append(checklists.Unit(said, part, t))
        spans[part] = (spans.get(part, (t, 0.0))[0], t)
        for token in said.split():
            words.append(Word(token, round(t, 2), round(t + 0.3, 2)))
            t += 0.4
        spans[part] = (spans[part][0], t)
        t += SENTENCE_GAP_S + 0.5
    parts = tuple(StarPart(p, *spans[p], word_count=0, confidence=1.0, target_s=(0.0, 0.0),
                           text=join_words(w.text for w in words if spans[p][0] <= w.start < spans[p][1]))
                  for p in PARTS if p in spans)
    return Transcript(tuple(words), duration_s=t), parts, units
