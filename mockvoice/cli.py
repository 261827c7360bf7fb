"""mockvoice command line."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__


class UserError(Exception):
    """Something the user can fix; printed as one line, exit code 2."""


def _bank(args):
    from .bank import load_bank

    return load_bank([Path(d) for d in (args.bank or [])])


def cmd_review(args) -> int:
    from .bank import get_question
    from .pipeline import review_file
    from .report import render_text, to_dict

    question = get_question(_bank(args), args.question) if args.question else None
    analysis = review_file(args.file, question, args.model)
    if args.json:
        json.dump(to_dict(analysis), sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(render_text(analysis, colour=sys.stdout.isatty() and not args.no_colour))
    if not analysis.transcript.words:
        print(f"mockvoice: no speech detected in {args.file}", file=sys.stderr)
        return 3
    return 0


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mockvoice", description="Offline voice mock interviewer for STAR answers.")
    parser.add_argument("--version", action="version", version=f"mockvoice {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--bank", action="append", metavar="DIR", help="add a question bank directory (repeatable)")

    review = sub.add_parser("review", parents=[common], help="analyse a recorded answer",
                            description="Transcribe an answer and report STAR parts, pacing and findings.")
    review.add_argument("file", help="audio file (wav, flac, mp3, m4a, ogg, …)")
    review.add_argument("--question", metavar="ID", help="the question answered (enables story checks)")
    review.add_argument("--model", metavar="NAME_OR_DIR",
                        help="faster-whisper model name or directory (default: embedded tiny.en)")
    review.add_argument("--json", action="store_true", help="print one JSON document (schema 1) instead")
    review.add_argument("--no-colour", "--no-color", action="store_true", help="plain text even on a terminal")
    review.set_defaults(func=cmd_review)

    questions = sub.add_parser("questions", parents=[common], help="list the question bank")
    questions.add_argument("--theme", help="only this theme")
    questions.set_defaults(func=cmd_questions)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .bank import BankError
    from .transcribe import AudioError, ModelError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UserError, BankError, AudioError, ModelError) as exc:
        print(f"mockvoice: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mockvoice: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
