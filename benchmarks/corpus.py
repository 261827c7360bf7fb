"""The labelled answers the analysis is fitted and judged on, and their text-level transcripts.

Sets (each a list of folders of scripted answers, mockvoice.samples.scripted format):
  train   corpus/train (110 answers, 14 non-stories, written for this) + evalset, holdout, holdout2
          (written earlier; their misses were looked at, so they count as fitted on)
  dev     corpus/dev (36): used to choose the model's settings, so fitted on too
  test-a, test-b   corpus/test-a, corpus/test-b (22 each), written by helpers who read neither the
          rules nor the training answers; scored once at first sight (figures in the issue's note), then
          their misses were looked at: development sets since
  test-c, test-d   corpus/test-c, corpus/test-d (24 each), written the same way after that; scored
          once at first sight, then looked at: development sets since
  test-e, test-f   corpus/test-e, corpus/test-f (24 each: 19 stories, 5 non-stories), written the same
          way (one brief each: non-software speakers, non-native phrasing, parts told out of order,
          dialogue; no-task, hedging, action lists, fillers); scored once at first sight (issue #15's
          note), then their misses were looked at: development sets since
  test-g   corpus/test-g (24: 19 + 5), written the same way (lesson-first, result in the middle, two
          problems, all-we, no-situation, no-result, numbers in words, digressions): scored once at first
          sight (issue #15's note), then their misses were looked at: development sets since
  test-h, test-i   corpus/test-h, corpus/test-i (24 each: 19 + 5), written the same way (test-h: 8 speakers
          outside software, task inside context, assignment-first situations, result first, need-first
          actions, missing parts, neutral mistakes; test-i: verbatim mock-interview answers, hedging,
          present tense, lesson first, two problems, generic "you", preamble): scored once at first sight
          (issue #15's note), then their misses were looked at: development sets since
  test-j   corpus/test-j (24: 19 + 5), written the same way (career stages from graduate to manager,
          pharmacist, bank, logistics; late Task, suspense, quoted dialogue, modest results, a failure
          with no happy ending, a tangent): scored once at first sight (issue #15's note); which answers
          missed what was seen, not their text; read since and fitted on: a development set
  test-k   corpus/test-k (24: 19 + 5), written the same way (task as a question, numbered actions,
          hesitant pauses, before/after results, results in words, an answer that ends after the
          Action, self-correction, advice as lesson; non-stories: a walkthrough, a meditation script,
          a job advert, a football pundit, a documentary): scored once at first sight (issue #15's note),
          then its misses were looked at: a development set since
  test-l   corpus/test-l (24: 19 + 5), written the same way (terse, rambling with digressions, non-native,
          Situation and Task in one sentence, numbered steps, "we" for the team and "I" for one's own
          acts, low ownership, teacher, retail, nurse, questions to the interviewer, blame, a neutral
          mistake, no Situation, no Result, Result first, hedging, self-correction, military; non-stories:
          a sermon, a recipe, a podcast opinion, a product demo, meeting small talk): scored once at first
          sight with the final model (issue #15's note), then its misses were looked at: a development
          set since
  test-m   corpus/test-m (24: 19 + 5), written the same way (present tense as it unfolds, clipped fragments,
          a Task in the same breath as the first Action, a Task after two Actions, firefighter, product
          manager, graduate, calm conflict, bitter vendor blame, "we"-only leader, a context aside inside
          the Action, lesson first, two Results, quoted dialogue, no Task, no Situation, fast fillers,
          academic hedging, non-native tense mix; non-stories: a weather forecast, a museum audio guide,
          a finance tip, a tribute, a stand-up update): scored once at first sight (issue #15's note),
          then its misses were looked at: a development set since
  test-n   corpus/test-n (24: 19 + 5), written the same way (digressions, self-correction, non-native,
          result first, terse, nerves and fillers, hotel, construction, pharmacy, "we" culture with and
          without the speaker's own acts, quoted dialogue, each part missing somewhere; non-stories: a
          museum guide, a weather and traffic bulletin, a support call, a job advert, a film plot): scored
          once at first sight with the final model (issue #15's note), then its misses were looked at: a
          development set since
  test-o   corpus/test-o (24: 19 + 5), written the same way (chef, airport operations, caseworker, lab
          scientist, call-centre lead, nurse, teacher; the speaker's acts told as "you", a Task inside a long
          Situation sentence, no Task, no Situation, no Result, a failure that was cancelled, bitter vendor
          blame, a colleague's mistake told kindly, "we" throughout, rambling restarts, non-native, Result
          told first and again, four sentences, context asides and a late Task; non-stories: a horoscope,
          furniture assembly, a radio advert, a history lecture, a generic self-description): scored once
          at first sight (issue #15's note), then its misses were looked at: a development set since.
          test-o-011 (no Result) lost "no_quantified_result" after scoring: its writer's brief said to
          list it for a missing Result, where every other set (and the report) leaves that to missing_result
  test-p   corpus/test-p (24: 19 + 5), written the same way (flight dispatcher, pharmacist, night editor,
          warehouse manager in the present tense, hedging accountant, student project, clipped military
          logistics, coach's advice as lesson, a long fast answer with fillers, chef, nurse, retail buyer's
          loss, named credit in a "we" story, resigned blame, Spanish-speaker phrasing, lesson first, results in
          words; each part missing somewhere; non-stories: a podcast introduction, football commentary, a
          conference talk, a voicemail, a product review): scored once at first sight (issue #15's note),
          then its misses were looked at: a development set since
  test-q   corpus/test-q (24: 19 + 5), written the same way (hospital cleaning supervisor, data scientist,
          hotel receptionist with quoted dialogue, a manager's coaching, a startup founder adding context
          mid-Action, a Task as a question, a failed first attempt, a lesson only implied by today's practice,
          sarcastic blame, a fair conflict, a junior who watched, five sentences, German phrasing, two
          Results, a preamble, a result compared in words; each part missing somewhere; non-stories: an
          airport announcement, a cooking show, an economics lecture, a wedding toast, next quarter's plan):
          scored once at first sight (issue #15's note), then its misses were looked at: a development set since
  test-r   corpus/test-r (24: 19 + 5), written the same way from briefs only (a warehouse shift lead, a Task
          inside a long first sentence, a teacher with no Task, no Result, no Situation, "we" with "I" for
          the speaker's decisions, low ownership, sarcastic blame, a colleague's mistake told fairly, the
          Result first, rambling with fillers, Spanish phrasing, terse, a nurse's "younger self" lesson, a
          Result in words only, a late Task, present-tense military logistics, a student project's failed
          first attempt, a weakness; non-stories: a museum audio guide, a phone menu, a motivational talk,
          a coach's pre-game speech, a sprint process explained): scored once at first sight (issue #15's
          note), then its misses were looked at: a development set since
  test-s   corpus/test-s (24: 19 + 5), written the same way from briefs only (cabin crew, digits, a Task
          the manager asked for mid-context, each part missing, low ownership, open vendor blame, a fair
          disagreement, the Result first, long rambling, French phrasing, terse, a site manager's lesson,
          a Result without figures, a late Task, a failed optimisation, mentoring, hard feedback;
          non-stories: a weather forecast, a tour guide, a photosynthesis lecture, a holiday policy, an
          advert read): scored once at first sight with the model of 27724b6 (issue #15's note), then
          its misses were looked at: a development set since
  test-t   corpus/test-t (24: 19 + 5), written the same way from briefs only (a Task inside a long first
          sentence, an assignment-first Situation, a nurse's Result without figures and "It taught me", a
          teacher with no Task, "we" culture with "I" for the speaker's decisions, a student's low
          ownership, bitter blame of a supplier and a colleague, a colleague's mistake told fairly, the
          Result first, rambling with fillers, Portuguese phrasing, terse, no Result, no Situation, a
          present-tense fire officer, a need-first Action, a mentor's unusual lesson, a failure without a
          happy ending, parts run together; non-stories: a sports bulletin, an orientation welcome, a
          restaurant booking call, a literary passage, an onboarding tutorial): scored once at first sight
          with the model of 1abbf64 (issue #15's note), then its misses were looked at: a development set since
  test-u   corpus/test-u (24: 19 + 5), written the same way from briefs only (a pharmacy technician, a first
          on-call week, a restaurant owner's Result without figures, a call-centre lead with no Task, "we"
          with "I" for the speaker's steps, an intern's low ownership, bitter blame of a council and a union,
          a colleague's error told neutrally, the Result first, hesitant rambling, Polish phrasing, terse, no
          Result, no Situation, a present-tense paramedic, a late Task, a mentor's unusual lesson, a poor
          outcome, a long answer with a digression; non-stories: a station announcement, a curator's talk,
          a warm-up, an earnings news item, a typical day at a company): scored once at first sight with the
          model of 78aae8b (issue #15's note), then its misses were looked at (the next session): a
          development set since
  test-v   corpus/test-v (24: 19 + 5), written the same way from briefs only (a veterinary nurse, "the ask
          from my director was", a headteacher's Result without figures, an analyst with no Task, a factory
          shift manager's "we" with "I" for his decisions, a graduate whose named teammates did the work,
          bitter blame of a client and an agency, a colleague's mistake told fairly, the Result first,
          hesitant rambling, Japanese phrasing, terse, no Result, no Situation, a present-tense police
          officer, a late Task, a mentor's unusual lesson, a failure with what the speaker would do
          differently, parts run together; non-stories: a supermarket announcement, a printing-press
          lecture, a podcast introduction, repotting a houseplant, a complaint call): scored once at first
          sight with the model of ac82da2 (issue #15's note), then its misses were looked at: a development
          set since
  test-w   corpus/test-w (24: 19 + 5), written the same way from briefs only (a dental nurse's Task inside a
          long first sentence, a planner's assignment-first Situation, a bank manager's Result without
          figures, a game developer with no Task, a research assistant with no Situation, a social worker
          with no Result, a maintenance lead's "we" with "I" for his decisions, a junior accountant whose
          named colleagues did the work, a restaurant manager's bitter blame, a colleague's mistake told
          fairly, the Result first, a nervous graduate rambling, Italian phrasing, a terse signals officer,
          a present-tense paramedic, a Task after two Actions, a need-first Action, a lesson in unusual
          words, a founder's failure in run-on sentences; non-stories: a train delay announcement, a
          gardening tip, an unboxing, a history lecture, a meeting agenda): scored once at first sight
          with the model of fab6f01 (analysis unchanged in 067a1da; issue #15's note), then its misses
          were looked at: a development set since
  test-x   corpus/test-x (24: 19 + 5), written the same way from briefs only (an electrician's Task as a
          question, a purser's role and assignment in one breath, a pharmacist's Result in words, a journalist
          with no Task, a farmer with no Situation, a tester with no Result, a "we" warehouse culture with "I"
          for his decisions, an apprentice whose named colleagues did the work, resentful blame of
          contractors and a council, a doctor's mistake told fairly, the Result first and again, a hesitant
          counsellor, Arabic phrasing, a terse dispatcher, a present-tense firefighter, a Task after two
          Actions, a mentor's lesson as advice, a weakness with the lesson first, Korean phrasing with
          numbered steps and a self-correction; non-stories: a spin class, a traffic report, a voicemail
          greeting, an opinion talk, a eulogy): scored once at first sight with the model of fab6f01
          (issue #15's note), then its misses were looked at: a development set since
  test-y   corpus/test-y (24: 19 + 5), written the same way from briefs only (a porter turned team leader's
          Task inside a long first sentence, a civil engineer's assignment-first Situation, a hotel
          manager's Result without figures, a data scientist with no Task, a bus depot supervisor with no
          Situation, a SENCO with no Result, an SRE's "we" with "I" for her decisions, a marketing
          assistant whose named colleagues did the work, a logistics coordinator's bitter blame, a tester
          telling a developer's mistake fairly, the Result first and again, a nervous career-changer with
          fillers, Spanish phrasing, a terse quartermaster, a present-tense lifeguard, a Task after two
          Actions, a need-first Action, a lesson in unusual words, a weakness; non-stories: a cinema
          announcement, bleeding a radiator, a lecture on the water cycle, a running-shoe review, a
          podcast opinion): scored once at first sight with the model of 87d3729 (issue #15's note), then
          its misses were looked at: a development set since
  test-z   corpus/test-z (24: 19 + 5), written the same way from briefs only (a midwife's Task in passing
          inside the Situation, a warehouse lead's "I was put in charge of…", a fundraiser's Result in
          words, a mobile developer with no Task, a caretaker with no Situation, an HR partner with no
          Result, a platform lead's "we" with "I" for her decisions, a trainee solicitor whose seniors did
          the work, a sous-chef's resentful blame, a contractor's mistake told kindly, the Result first and
          again, a rambling graduate with fillers, German phrasing, a terse air-traffic controller, a
          present-tense ski patroller, a Task after two Actions, a need-first Action, a lesson in unusual
          words, a weakness; non-stories: a gate announcement, a pancake recipe, a museum guide, football
          commentary, a mission statement): scored once at first sight with the model of a7bb80a (issue #15's
          note), then its misses were looked at: a development set since
  test-aa  corpus/test-aa (24: 19 + 5), written the same way from briefs only (a care-home manager's Task
          folded into the opening, a signalling engineer's "I got handed the…", a librarian's Result without
          figures, a games tester with no Task, a farm manager with no Situation, a customer-success manager
          with no Result, an infrastructure lead's "we" with "I" for his calls, a junior architect whose
          named colleagues did the work, an events coordinator's bitter blame, a nurse telling a doctor's
          error fairly, a founder's Result first and again, a shy intern rambling, French phrasing, a terse
          submariner, a present-tense A&E nurse, a Task after two Actions, a need-first Action, a lesson in
          unusual words, a weakness; non-stories: a ferry safety announcement, a yoga stretch, a lecture on
          photosynthesis, a restaurant review, a wedding toast): scored once at first sight with the model
          of 27fc0d1 (issue #15's note), then its misses were looked at: a development set since
  test-ab  corpus/test-ab (24: 19 + 5), written the same way from briefs only (a custody sergeant's Task
          inside a long first sentence, a chemist's "my manager put me on…", a youth-club leader's Result
          without figures, a cost analyst with no Task, a stage manager with no Situation, a procurement
          officer with no Result, a mobile lead's "we" with "I" for her decisions, a graduate consultant
          whose seniors did the work, a retail area manager's bitter blame, a machinist telling an
          apprentice's mistake kindly, the Result first and again, a nervous candidate rambling, Hindi-English
          phrasing, a terse lorry driver, a present-tense mountain rescuer, a Task after two Actions, a
          need-first Action, a lesson in unusual words, a weakness; non-stories: a visiting-hours
          announcement, changing a bicycle tyre, a lecture on the printing press, a phone review, a
          motivational speech): scored once at first sight with the model of 4d8a66c (issue #15's note),
          then its misses were looked at: a development set since
  test-ac  corpus/test-ac (24: 19 + 5), written the same way from new briefs only (a hotel night
          manager's Task mid-sentence, a civil engineer's "I was asked to take over…", a teacher's Result
          without figures, a warehouse supervisor with no Task, a wedding planner with no Situation, a
          sales engineer with no Result, a pharmacist's "we" with "I" for her calls, a junior developer's
          "we" for everything, a marketing assistant whose colleagues ran the launch, a foreman's bitter
          blame, a ground-handling lead telling a loading error fairly, the Result first and again, a
          rambling "so basically", German or Spanish phrasing, a terse paramedic, a present-tense
          journalist, a Task after two Actions, a need-first Action, a lesson in unusual words or a
          weakness; non-stories: a gym induction, a weather forecast, a lecture on photosynthesis, a
          restaurant review, an opinion piece on remote work): scored once at first sight with the
          model of e4bac10 (issue #15's note), then its misses were looked at: a development set since
The STAR weights and the not-a-story model are fitted on train, dev, test-a..z and test-aa..ac
(benchmarks/train_star.py FIT_SETS); the not-a-story threshold is chosen with each test set left out
(train_star.py --story-cv).
A text-level transcript gives each word a time from the script's speaking rate and pauses, so the
true span of every part is exact without rendering audio.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mockvoice.analysis.model import Transcript, Word
from mockvoice.samples.scripted import Script, load_script

HERE = Path(__file__).parent
SETS = {
    "train": ("corpus/train", "evalset", "holdout", "holdout2"),
    "dev": ("corpus/dev",),
    "test-a": ("corpus/test-a",),
    "test-b": ("corpus/test-b",),
    "test-c": ("corpus/test-c",),
    "test-d": ("corpus/test-d",),
    "test-e": ("corpus/test-e",),
    "test-f": ("corpus/test-f",),
    "test-g": ("corpus/test-g",),
    "test-h": ("corpus/test-h",),
    "test-i": ("corpus/test-i",),
    "test-j": ("corpus/test-j",),
    "test-k": ("corpus/test-k",),
    "test-l": ("corpus/test-l",),
    "test-m": ("corpus/test-m",),
    "test-n": ("corpus/test-n",),
    "test-o": ("corpus/test-o",),
    "test-p": ("corpus/test-p",),
    "test-q": ("corpus/test-q",),
    "test-r": ("corpus/test-r",),
    "test-s": ("corpus/test-s",),
    "test-t": ("corpus/test-t",),
    "test-u": ("corpus/test-u",),
    "test-v": ("corpus/test-v",),
    "test-w": ("corpus/test-w",),
    "test-x": ("corpus/test-x",),
    "test-y": ("corpus/test-y",),
    "test-z": ("corpus/test-z",),
    "test-aa": ("corpus/test-aa",),
    "test-ab": ("corpus/test-ab",),
    "test-ac": ("corpus/test-ac",),
}
FITTED = {"train": "fitted (weights)", "dev": "fitted (weights; settings chosen on it)",
          **{name: "fitted (weights; first scored unseen, then looked at)" for name in SETS if name.startswith("test-")}}
# a new test set, until it has been scored at first sight, is marked here: FITTED[name] = "unseen (...)"
BASE_WPM = 150.0


@dataclass(frozen=True)
class Answer:
    script: Script
    story: bool
    folder: Path


def load_set(name: str) -> list[Answer]:
    out = []
    for folder in SETS[name]:
        for path in sorted((HERE / folder).glob("*.toml")):
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
            script = load_script(path)
            story = raw.get("story", any(s.part for s in script.sentences))
            out.append(Answer(script, bool(story), HERE / folder))
    return out


def cached_transcript(path: Path) -> Transcript:
    """A transcript an audio path of accuracy.py cached beside a rendered answer."""
    data = json.loads(path.read_text())
    return Transcript(tuple(Word(**w) for w in data["words"]), data["duration_s"])


def text_transcript(script: Script) -> tuple[Transcript, list[str | None]]:
    """Words timed at the script's rate (150 wpm x rate) with its pauses; each word's true part."""
    per_word = 60.0 / (BASE_WPM * (script.rate or 1.0))
    words, parts, t = [], [], 0.5
    for s in script.sentences:
        for token in s.text.split():
            words.append(Word(token, round(t, 3), round(t + per_word * 0.85, 3), 0.9))
            parts.append(s.part)
            t += per_word
        t += s.pause_after
    return Transcript(tuple(words), duration_s=round(t + 0.5, 3)), parts
