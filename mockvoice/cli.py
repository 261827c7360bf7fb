"""The mockvoice command line: the arguments of each command, the command run, every error in one line.
Heavy modules are imported inside the commands, so `mockvoice --help` stays fast."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mockvoice import __version__


class UserError(Exception):
    """Something the user can fix; printed as one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    """Usage mistakes in one line, like every other error, pointing at --help."""

    def error(self, message: str):
        self.exit(2, f"mockvoice: {message} (see: {self.prog} --help)\n")


def _bank(args):
    from mockvoice.interview.bank import load_bank

    return load_bank([Path(d) for d in (args.bank or [])])


def _colour(args) -> bool:
    return sys.stdout.isatty() and not args.no_colour


def _stories(args, bank=None) -> dict:
    """The user's stories (--stories DIR, default ./stories, created on first use), their themes
    checked against the bank's."""
    from mockvoice.stories import load_stories

    bank = bank if bank is not None else _bank(args)
    return load_stories(Path(args.stories), {q.theme for q in bank.values()})


def _story(args, bank=None):
    """The story --story names, or None."""
    from mockvoice.stories import get_story

    return get_story(_stories(args, bank), args.story, Path(args.stories)) if args.story else None


def _clock(text: str) -> float:
    """--target: "2:00" or seconds."""
    from mockvoice.analysis.text import parse_clock

    seconds = parse_clock(text)
    if seconds is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a length like 2:00 or 120")
    return seconds


def cmd_review(args) -> int:
    from mockvoice.analysis.thresholds import timing
    from mockvoice.interview.bank import get_question
    from mockvoice.pipeline import review_file
    from mockvoice.report.document import to_dict
    from mockvoice.report.terminal import render_text

    if args.session:
        return _review_session(args)
    if not args.file:
        raise UserError("review needs an audio FILE or --session ID")
    bank = _bank(args)
    question = get_question(bank, args.question) if args.question else None
    plan = _story(args, bank)
    analysis = review_file(args.file, question, args.model, plan=plan, target_s=args.target)
    document = to_dict(analysis)
    answer_s = timing(args.target or (plan.target_s if plan else None)).answer_s
    if args.json:
        json.dump(document, sys.stdout, indent=1)
        sys.stdout.write("\n")
    elif args.markdown or args.vtt:
        from mockvoice.report.exports import to_markdown, to_vtt

        sys.stdout.write(to_markdown(document, answer_s=answer_s) if args.markdown else to_vtt(document))
    else:
        print(render_text(document, colour=_colour(args), answer_s=answer_s))
    if not analysis.transcript.words:
        print(f"mockvoice: no speech detected in {args.file}", file=sys.stderr)
        return 3
    return 0


def _review_session(args) -> int:
    """Analyse every take of a saved session again (or for the first time, after a crash)."""
    from mockvoice.audio.decode import AudioError
    from mockvoice.pipeline import review_take
    from mockvoice.report import scorecard
    from mockvoice.report.pages import write_scorecard, write_session_report
    from mockvoice.store import load_session

    if args.vtt:
        raise UserError("--vtt makes subtitles for one audio file: mockvoice review SESSION_FOLDER/TAKE.wav --vtt")
    session = load_session(Path(args.recordings), args.session)
    session.recover()  # takes left by a crash: their WAV headers made right before they are read
    bank = _bank(args)
    stories = _stories(args, bank) if any(t.story for t in session.takes) else {}
    documents = []
    if args.markdown:
        print(f"# Session {session.id}\n")
    for take in session.takes:
        if not session.path(take.audio).is_file():
            print(f"mockvoice: {take.id}: audio missing ({take.audio}), skipped", file=sys.stderr)
            continue
        try:
            _, document = review_take(session, take, bank.get(take.question_id or ""), args.model,
                                      plan=stories.get(take.story or ""))
        except AudioError as exc:  # e.g. Ctrl-C before the first block: nothing to analyse in this take
            print(f"mockvoice: {take.id}: {exc}, skipped", file=sys.stderr)
            continue
        documents.append({"take": take.id, "kind": take.kind, **document})
        if not args.json:
            _print_take(args, take, document)
    card = write_scorecard(session) if session.settings.get("full") else None  # a full mock's, from the new analyses
    if card and not args.json:
        print(scorecard.to_markdown(card, level=2) if args.markdown else scorecard.render_text(card))
    page = write_session_report(session, Path(args.stories))
    if args.json:
        json.dump({"session": session.id, "takes": documents, **({"scorecard": card} if card else {})}, sys.stdout,
                  indent=1)
        sys.stdout.write("\n")
    else:
        print(f"report: {page}", file=sys.stderr if args.markdown else sys.stdout)
    return 0


def _print_take(args, take, document: dict) -> None:
    """One take of review --session, in Markdown or as the terminal report."""
    from mockvoice.analysis.thresholds import timing
    from mockvoice.report.exports import to_markdown
    from mockvoice.report.terminal import render_text

    asked = None if take.kind == "answer" else take.question_text
    answer_s = timing(take.target_s).answer_s
    if args.markdown:
        print(to_markdown(document, asked, level=2, answer_s=answer_s))
        return
    print(f"── {take.id} ({take.kind}) ──")
    print(render_text(document, colour=_colour(args), asked=asked, answer_s=answer_s))
    if take.kind == "closing":
        print(document["closing"]["summary"])
    print()


def cmd_interview(args) -> int:
    from mockvoice.interview.followups import DEFAULT_COUNT
    from mockvoice.interview.interviewer import Interview, Options, TakeStopped, Terminal
    from mockvoice.interview.voice import default_voice

    if args.count is not None and args.count < 1:
        raise UserError("--count must be at least 1")
    if args.follow_ups is not None and args.follow_ups < 0:
        raise UserError("--follow-ups must be 0 or more")
    for name in ("max_seconds", "stop_on_silence"):
        if getattr(args, name) is not None and getattr(args, name) <= 0:
            raise UserError(f"--{name.replace('_', '-')} must be more than 0 seconds")
    if args.full and (args.question or args.theme or args.count is not None):
        raise UserError("--full asks its own five questions: leave out --question, --theme and --count")
    questions, plans = _interview_questions(args, _bank(args))
    voice, why = (args.voice, None) if args.voice else default_voice()
    if why:
        print(why)
    options = Options(questions=questions, recordings=Path(args.recordings), voice=voice, demo=args.demo,
                      input_device=_device(args.input_device), stop_on_silence=args.stop_on_silence,
                      max_seconds=args.max_seconds, closing=not args.no_closing,
                      follow_ups=DEFAULT_COUNT if args.follow_ups is None else args.follow_ups,
                      model=args.model, colour=_colour(args), live_cue=not args.quiet_live, full=args.full,
                      plans=plans, target_s=args.target, stories_dir=Path(args.stories))
    interview = Interview(options, Terminal(options.colour))
    try:
        interview.run()
    except KeyboardInterrupt:
        if interview.session:
            print(f"\nmockvoice: interrupted; what was recorded is saved in {interview.session.folder} "
                  f"(finish it: {interview.finish_command})", file=sys.stderr)
            return 130
        raise
    except TakeStopped as exc:  # microphone gone, disk full: what was recorded is saved; one line
        print(f"mockvoice: {exc}", file=sys.stderr)
        return 2
    return 0


def _interview_questions(args, bank) -> tuple[list, dict]:
    """The questions asked, and by question id the story of yours told in answer."""
    from mockvoice.interview.interviewer import choose_full, choose_questions

    if args.story or args.stories_only:
        return _story_questions(args, bank)
    if args.full:
        return choose_full(bank, _your_stories(args, bank), args.demo)
    return choose_questions(bank, args.question, args.theme, args.count or 3, args.demo), {}


def _story_questions(args, bank) -> tuple[list, dict]:
    """--story ID (repeatable) or --stories-only: one question per story, from a theme it answers;
    the demo asks only questions with a bundled answer."""
    from mockvoice.interview.bank import for_stories
    from mockvoice.interview.interviewer import DEMO_QUESTIONS
    from mockvoice.stories import get_story

    if args.question or args.theme or args.full:
        raise UserError("--story and --stories-only choose the questions: leave out --question, --theme and --full")
    stories = _stories(args, bank)
    chosen = [get_story(stories, sid, Path(args.stories)) for sid in args.story or ()] or list(stories.values())
    if not chosen:
        raise UserError(f"no stories in {args.stories} yet: mockvoice stories new ID --type T")
    questions = for_stories(bank, chosen, set(DEMO_QUESTIONS) if args.demo else None)
    return questions, {q.id: story for q, story in zip(questions, chosen)}


def _your_stories(args, bank) -> list:
    """Your stories, if the stories folder is there (a full mock asks about them first)."""
    return list(_stories(args, bank).values()) if Path(args.stories).is_dir() else []


def _device(value: str | None) -> str | int | None:
    return int(value) if value is not None and value.isdigit() else value


def cmd_history(args) -> int:
    from mockvoice.report.history import render

    print(render(Path(args.recordings)))
    return 0


def cmd_report(args) -> int:
    import webbrowser
    from urllib.parse import quote

    from mockvoice.report.pages import write_history_report, write_session_report
    from mockvoice.store import find_target

    root = Path(args.recordings)
    if args.history == bool(args.target):
        raise UserError("report needs a session or take (see: mockvoice history), or --history, not both")
    if not root.is_dir():
        raise UserError(f"no recordings in {root} yet: run mockvoice interview")
    if args.history:
        path, anchor = write_history_report(root, Path(args.stories)), ""
    else:
        session, take = find_target(root, args.target)
        session.recover()  # the page's players play the whole of a take left by a crash
        path, anchor = write_session_report(session, Path(args.stories)), (f"#{quote(take)}" if take else "")
    print(path)
    if args.open and not webbrowser.open(path.resolve().as_uri() + anchor):
        print(f"mockvoice: no web browser found; open {path} yourself", file=sys.stderr)
    return 0


def cmd_forget(args) -> int:
    from mockvoice.report.pages import HISTORY, write_history_report
    from mockvoice.store import forget_session, list_sessions

    def confirm(folder: Path) -> bool:
        if args.yes:
            return True
        if not sys.stdin.isatty():
            raise UserError(f"forget deletes {folder} for good: run it again with --yes to confirm")
        return input(f"Delete session {folder.name} and all its recordings for good? [y/N] ").strip().lower() in ("y", "yes")

    root = Path(args.recordings)
    forgotten = forget_session(root, args.session, confirm)
    if forgotten is None:
        print("nothing deleted")
        return 1
    folder, files, size = forgotten
    history = root / HISTORY
    if history.exists() and list_sessions(root):  # it listed the session
        write_history_report(root, Path(args.stories))
    elif history.exists():
        history.unlink()
    print(f"forgot session {folder.name}: deleted {files} files ({size / 1e6:.1f} MB) in {folder}")
    return 0


def cmd_doctor(args) -> int:
    from mockvoice.doctor import report

    text, healthy = report(Path(args.recordings), args.model)
    print(text)
    return 0 if healthy else 1


def cmd_questions(args) -> int:
    bank = _bank(args)
    themes = sorted({q.theme for q in bank.values()})
    if args.theme and args.theme not in themes:
        raise UserError(f"unknown theme '{args.theme}' (themes: {', '.join(themes)})")
    for theme in themes:
        if args.theme and theme != args.theme:
            continue
        print(f"{theme}:")
        for q in (q for q in bank.values() if q.theme == theme):
            print(f"  {q.id:<16} {q.text}")
    return 0


def cmd_stories(args) -> int:
    """`stories`: every story's readiness and the Success Checklist; `stories new`, `stories check`."""
    from mockvoice.report.history import stories_overview
    from mockvoice.report.stories import render_stories

    if args.action == "new":
        return _new_story(args)
    if args.action == "check":
        return _check_story(args)
    rows, success = stories_overview(_stories(args), Path(args.recordings))
    print(render_stories(rows, success, args.stories))
    return 0


def _new_story(args) -> int:
    from mockvoice.stories import new_story

    themes = sorted({q.theme for q in _bank(args).values() if q.story_type == args.type})
    path = new_story(Path(args.stories), args.id, args.type, themes)
    print(f"{path}: fill in the notes, then: mockvoice stories check {args.id}")
    return 0


def _check_story(args) -> int:
    from mockvoice.analysis.analyze import check_notes
    from mockvoice.report.stories import check_json, render_check
    from mockvoice.stories import get_story

    story = get_story(_stories(args), args.id, Path(args.stories))
    checklist = check_notes(story)
    if args.json:
        json.dump(check_json(story, checklist), sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(render_check(story, checklist))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="mockvoice", description="Offline voice mock interviewer for STAR answers.")
    parser.add_argument("--version", action="version", version=f"mockvoice {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    shared = _shared_options()
    _add_interview(sub, shared)
    history = sub.add_parser("history", parents=[shared["stored"]], help="past sessions and attempts per question")
    history.set_defaults(func=cmd_history)
    doctor = sub.add_parser("doctor", parents=[shared["stored"], shared["modelled"]],
                            help="check microphone, speaker, voices, model, storage")
    doctor.set_defaults(func=cmd_doctor)
    _add_review(sub, shared)
    _add_report(sub, shared)
    _add_forget(sub, shared)
    _add_stories(sub, shared)
    questions = sub.add_parser("questions", parents=[shared["common"]], help="list the question bank")
    questions.add_argument("--theme", help="only this theme")
    questions.set_defaults(func=cmd_questions)
    return parser


def _shared_options() -> dict[str, argparse.ArgumentParser]:
    """The option groups several commands take, as argparse parents."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--bank", action="append", metavar="DIR", help="add a question bank directory (repeatable)")
    stored = argparse.ArgumentParser(add_help=False)
    stored.add_argument("--recordings", metavar="DIR", default="recordings",
                        help="where sessions are kept (default: ./recordings)")
    modelled = argparse.ArgumentParser(add_help=False)
    modelled.add_argument("--model", metavar="NAME_OR_DIR",
                          help="faster-whisper model name or directory (default: embedded tiny.en)")
    shown = argparse.ArgumentParser(add_help=False)
    shown.add_argument("--no-colour", "--no-color", action="store_true", help="plain text even on a terminal")
    storied = argparse.ArgumentParser(add_help=False)
    storied.add_argument("--stories", metavar="DIR", default="stories",
                         help="where your story files are (default: ./stories, created on first use)")
    timed = argparse.ArgumentParser(add_help=False)
    timed.add_argument("--target", type=_clock, metavar="M:SS",
                       help="the length aimed at, e.g. 2:00: scales every part's target and the whole-answer band "
                            "(default: the story's target_s, else 2-3 minutes)")
    return {"common": common, "stored": stored, "modelled": modelled, "shown": shown, "storied": storied,
            "timed": timed}


def _add_interview(sub, shared: dict) -> None:
    interview = sub.add_parser("interview", parents=[shared[k] for k in ("common", "stored", "modelled", "shown",
                                                                         "storied", "timed")],
                               help="run a mock interview",
                               description="Questions are spoken and printed; answers are recorded, reviewed and saved.")
    interview.add_argument("--question", action="append", metavar="ID", help="ask this question (repeatable)")
    interview.add_argument("--theme", help="pick questions from this theme")
    interview.add_argument("--count", type=int, help="how many questions (default 3)")
    interview.add_argument("--full", action="store_true",
                           help="a full 30-45 minute mock: five questions (system design, failure, innovation and "
                                "two other themes, your stories' first), follow-ups, your questions, a scorecard")
    interview.add_argument("--voice", choices=("piper", "espeak", "none"),
                           help="interviewer voice (default: piper when installed, else espeak, else print only)")
    interview.add_argument("--demo", action="store_true",
                           help="no microphone: bundled sample answers play into the recorder")
    interview.add_argument("--input-device", metavar="DEVICE", help="microphone name or index (see: doctor)")
    interview.add_argument("--stop-on-silence", type=float, metavar="SECONDS",
                           help="end an answer after this much silence (default: only Enter or --max-seconds)")
    interview.add_argument("--max-seconds", type=float, default=240.0, help="longest answer (default 240)")
    interview.add_argument("--follow-ups", type=int, metavar="N",
                           help="follow-up questions per answer, probing what you said (default 2; 0: none)")
    interview.add_argument("--no-follow-ups", dest="follow_ups", action="store_const", const=0,
                           help="no follow-up questions (--follow-ups 0)")
    interview.add_argument("--no-closing", action="store_true", help="skip 'Do you have any questions for me?'")
    interview.add_argument("--quiet-live", action="store_true",
                           help="no live STAR cue while answering (elapsed time only)")
    interview.add_argument("--story", action="append", metavar="ID",
                           help="tell this story of yours: a question it answers is asked (repeatable)")
    interview.add_argument("--stories-only", action="store_true", help="one question per story of yours")
    interview.set_defaults(func=cmd_interview)


def _add_review(sub, shared: dict) -> None:
    review = sub.add_parser("review", parents=[shared[k] for k in ("common", "stored", "modelled", "shown",
                                                                   "storied", "timed")],
                            help="analyse a recorded answer",
                            description="Transcribe an answer and report STAR parts, pacing and findings.")
    review.add_argument("file", nargs="?", help="audio file (wav, flac, mp3, m4a, ogg, …)")
    review.add_argument("--question", metavar="ID", help="the question answered (enables story checks)")
    review.add_argument("--session", metavar="ID", help="analyse every take of a saved session again")
    review.add_argument("--story", metavar="ID",
                        help="the story of yours the answer tells: its checklist, its notes said or skipped")
    output = review.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON document (schema 1) instead")
    output.add_argument("--markdown", action="store_true", help="print a Markdown report to paste into notes")
    output.add_argument("--vtt", action="store_true", help="print WebVTT subtitles of the transcript, part by part")
    review.set_defaults(func=cmd_review)


def _add_report(sub, shared: dict) -> None:
    report = sub.add_parser("report", parents=[shared["stored"], shared["storied"]],
                            help="write the HTML report of a session, or the progress page",
                            description="One self-contained HTML page per session (report.html beside its takes): "
                                        "players, STAR timeline, clickable transcript, pace chart, findings.")
    report.add_argument("target", nargs="?", metavar="TAKE_OR_SESSION",
                        help="session id or folder, a take's WAV/JSON, SESSION/TAKE, or a take id")
    report.add_argument("--history", action="store_true",
                        help="write <recordings>/history.html: every attempt per question over time")
    report.add_argument("--open", action="store_true", help="open the page in the web browser")
    report.set_defaults(func=cmd_report)


def _add_forget(sub, shared: dict) -> None:
    forget = sub.add_parser("forget", parents=[shared["stored"], shared["storied"]], help="delete a session and all its recordings for good",
                            description="Delete a session folder: every take's audio, analysis and report. "
                                        "The progress page (history.html) is rebuilt without it.")
    forget.add_argument("session", metavar="SESSION", help="session id or folder (see: mockvoice history)")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    forget.set_defaults(func=cmd_forget)


def _add_stories(sub, shared: dict) -> None:
    from mockvoice.interview.bank import STORY_TYPES

    parents = [shared[k] for k in ("common", "stored", "storied")]
    stories = sub.add_parser("stories", parents=parents, help="your stories: checklists, attempts, readiness",
                             description="Every story of yours: its checklist met in the notes and when last told, "
                                         "its attempts and lengths, the notes said; then the Success Checklist.")
    stories.set_defaults(func=cmd_stories, action=None)
    actions = stories.add_subparsers(dest="action")
    new = actions.add_parser("new", parents=parents, help="write a story file to fill in")
    new.add_argument("id", metavar="ID", help="the story's id (its file name): lower-case letters, digits, dashes")
    new.add_argument("--type", required=True, choices=STORY_TYPES, help="the kind of story: decides its checklist")
    check = actions.add_parser("check", parents=parents, help="the written story against its checklist")
    check.add_argument("id", metavar="ID")
    check.add_argument("--json", action="store_true", help='print {"story", "type", "checklist"} as JSON')


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # --help and usage errors end here, before any heavy import
    from mockvoice.asr.transcribe import ModelError
    from mockvoice.audio.decode import AudioError
    from mockvoice.audio.sources import NoInputDevice
    from mockvoice.interview.bank import BankError
    from mockvoice.store import StoreError
    from mockvoice.stories import StoryError

    try:
        return args.func(args)
    except (UserError, BankError, AudioError, ModelError, StoreError, NoInputDevice, StoryError) as exc:
        print(f"mockvoice: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mockvoice: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
