"""Fuzzing the question-bank loader (mockvoice.interview.bank.load_bank) with hypothesis.

The guarantee: whatever a bank directory holds, load_bank either returns questions that all satisfy
the bank's invariants, none lost, or raises BankError with a one-line message that names the file.
Any other exception is a bug (a traceback instead of an error message in `mockvoice --bank DIR`).
"""
from __future__ import annotations

import math
import re
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from mockvoice.interview.bank import STORY_TYPES, BankError, load_bank
from mockvoice.analysis.model import PARTS

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # the documented id: lower-case letters, digits and dashes
BUILTIN = load_bank()


# ---------------------------------------------------------------- writing TOML


class Raw(str):
    """A TOML token written as is: numbers too long for str(int), odd literals."""


def toml_str(s: str) -> str:
    out = []
    for ch in s:
        if ch in '"\\' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(v: object) -> str:
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        return ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_str(k)} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def toml_document(doc: dict) -> str:
    """Top-level keys, then the questions as [[questions]] tables (as in question_bank/*.toml)
    when they are a list of tables, else as an inline value."""
    lines = [f"{toml_str(k)} = {toml_value(v)}" for k, v in doc.items() if k != "questions"]
    questions = doc.get("questions")
    if isinstance(questions, list) and questions and all(isinstance(q, dict) for q in questions):
        for q in questions:
            lines += ["", "[[questions]]", *(f"{toml_str(k)} = {toml_value(v)}" for k, v in q.items())]
    elif "questions" in doc:
        lines.append(f"questions = {toml_value(questions)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- strategies

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
odd_tokens = st.sampled_from([Raw("9" * 400), Raw("-" + "9" * 30), Raw("9" * 5000), Raw("1e400"), Raw("-0.0"),
                              Raw("nan"), Raw("-inf"), Raw("0x7fffffffffffffff"), Raw("1979-05-27T07:32:00Z"),
                              Raw("[" * 400 + "]" * 400)])
scalars = st.one_of(text, st.integers(), st.floats(), st.booleans(), odd_tokens)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                      max_leaves=8)

good_ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,11}", fullmatch=True)
shared_ids = st.sampled_from(["dup-1", "dup-2", "outage-1", *sorted(BUILTIN)[:3]])  # clash across files
odd_ids = st.sampled_from(["Outage-1", "-lead", "a_b", "a b", "abc\n", "x\u2028y", "é", "", "  "]) | text | values
good_text = text.filter(str.strip)
stories = st.sampled_from(STORY_TYPES)
good_band = st.tuples(st.floats(0, 600), st.floats(0, 600)).map(sorted) | st.tuples(
    st.integers(0, 600), st.integers(0, 600)).map(sorted)
numbers = st.integers(0, 10) | st.integers() | st.floats() | st.booleans() | odd_tokens
bands = good_band | st.lists(numbers, min_size=2, max_size=2) | st.lists(numbers, max_size=3) | values
targets = st.dictionaries(st.sampled_from(PARTS) | text, bands, max_size=4) | values

valid_questions = st.fixed_dictionaries(
    {"id": good_ids, "text": good_text},
    optional={"story_type": stories, "follow_ups": st.lists(good_text, max_size=3),
              "targets": st.dictionaries(st.sampled_from(PARTS), good_band, max_size=4)})
valid_documents = st.fixed_dictionaries(
    {"story_type": stories, "questions": st.lists(valid_questions, min_size=1, max_size=4)},
    optional={"theme": st.sampled_from(["failure", "system_design", "x-1"]), "title": good_text})
wrong_values = st.one_of(values, odd_ids, odd_tokens, targets, stories, shared_ids)


def slots(node: object) -> list[tuple[object, object]]:
    """Every (container, key or index) in a parsed document, nested ones included."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    out = []
    for key, child in items:
        out += [(node, key), *slots(child)]
    return out


@st.composite
def documents(draw: st.DrawFn) -> dict:
    """A valid bank document with up to three mutations: a key or list item removed, a value
    replaced by one of the wrong type or shape, or a new key added."""
    doc = draw(valid_documents)
    for _ in range(draw(st.integers(0, 3))):
        container, key = draw(st.sampled_from(slots(doc)))
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        if action == "delete":
            del container[key]
        elif action == "replace":
            container[key] = draw(wrong_values)
        elif isinstance(container, dict):
            container[draw(st.sampled_from(["id", "text", "story_type", "targets", "follow_ups"]) | text)] = \
                draw(wrong_values)
        else:
            container.append(draw(wrong_values))
        if not doc:
            break
    return doc


@st.composite
def damaged(draw: st.DrawFn, doc: str) -> bytes:
    """A document's bytes, cut short or with invalid UTF-8 spliced in."""
    raw = doc.encode()
    at = draw(st.integers(0, len(raw)))
    return draw(st.sampled_from([raw[:at], raw[:at] + b"\xff\xfe" + raw[at:], raw[:at] + b"\xc3"]))


bank_file = st.one_of(documents().map(toml_document).map(str.encode),
                      documents().map(toml_document).map(str.encode),
                      documents().map(toml_document).flatmap(damaged))


# ---------------------------------------------------------------- the property


def write_bank(directory: Path, contents: list[bytes]) -> list[Path]:
    paths = [directory / f"theme_{i}.toml" for i in range(len(contents))]
    for path, content in zip(paths, contents):
        path.write_bytes(content)
    return paths


def check_questions(bank: dict, expected: int) -> None:
    """The loaded bank's invariants; `expected` questions (builtin ones included), none lost."""
    assert len(bank) == expected, "a question was dropped (a duplicate id overwrote another?)"
    for qid, q in bank.items():
        assert q.id == qid and ID.fullmatch(q.id), q.id
        assert isinstance(q.text, str) and q.text.strip(), q
        assert q.story_type in STORY_TYPES, q
        assert all(isinstance(f, str) and f.strip() for f in q.follow_ups), q
        for part, (low, high) in q.targets.items():
            assert part in PARTS and isinstance(low, float) and isinstance(high, float), q
            assert 0 <= low <= high < math.inf, q


def check_bank(contents: list[bytes]) -> None:
    """load_bank on these files: valid questions, none lost, or a one-line BankError naming a file."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_bank(Path(tmp), contents)
        try:
            bank = load_bank([Path(tmp)])
        except BankError as exc:
            message = str(exc)
            assert len(message.splitlines()) == 1, message
            assert any(message.startswith(f"{p}: ") for p in paths), message
            event("BankError")
            return
    event("loaded")
    check_questions(bank, len(BUILTIN) + sum(len(tomllib.loads(c.decode())["questions"]) for c in contents))


@FUZZ
@given(st.lists(bank_file, min_size=1, max_size=3))
@example([b'[[questions]]\nid = "abc\\n"\ntext = "Q?"\nstory_type = "failure"\n'])  # '$' matched before '\n'
@example([b'[[questions]]\nid = "A\\nB"\ntext = "Q?"\nstory_type = "failure"\n'])  # two-line message
@example([b'[[questions]]\nid = "q"\ntext = "Q?"\nstory_type = "failure"\ntargets = { action = [0, 1'
          + b"0" * 400 + b"] }\n"])  # OverflowError in float()
@example([b'x = ' + b"9" * 5000 + b"\n"])  # ValueError: int string conversion limit, inside tomllib
@example([b'x = ' + b"[" * 1000 + b"]" * 1000 + b"\n"])  # RecursionError inside tomllib
def test_mutated_banks(contents: list[bytes]) -> None:
    """Banks built from a valid format with wrong types, missing keys, odd or clashing ids, huge
    numbers, unicode, nested tables and invalid UTF-8: loaded whole and valid, or one BankError line."""
    check_bank(contents)


@FUZZ
@given(st.binary(max_size=300) | text.map(str.encode))
def test_arbitrary_content(content: bytes) -> None:
    """Any bytes or text in a bank file: a valid bank or a one-line BankError naming the file."""
    check_bank([content])


@FUZZ
@given(st.lists(st.lists(st.fixed_dictionaries({"id": good_ids, "text": good_text, "story_type": stories,
                                                 "follow_ups": st.lists(good_text, max_size=2),
                                                 "targets": st.dictionaries(st.sampled_from(PARTS), good_band)}),
                         min_size=1, max_size=3), min_size=1, max_size=3))
def test_valid_banks_load_whole(files: list[list[dict]]) -> None:
    """Well-formed files with new, distinct ids load without error and completely: every question,
    with its stripped text and follow-ups."""
    seen = set(BUILTIN)
    unique = []
    for qs in files:
        qs = [q for q in {q["id"]: q for q in qs}.values() if q["id"] not in seen]
        seen.update(q["id"] for q in qs)
        if qs:
            unique.append(qs)
    with tempfile.TemporaryDirectory() as tmp:
        write_bank(Path(tmp), [toml_document({"theme": "fuzz", "questions": qs}).encode() for qs in unique])
        bank = load_bank([Path(tmp)])
    check_questions(bank, len(seen))
    for q in (q for qs in unique for q in qs):
        loaded = bank[q["id"]]
        assert (loaded.text, loaded.theme, loaded.follow_ups) == (q["text"].strip(), "fuzz", tuple(q["follow_ups"]))


@pytest.mark.parametrize("band", ["[true, 2]", "[0, inf]", "[0, nan]", "[0, 1" + "0" * 400 + "]", "[2, 1]", "[-1, 1]"])
def test_target_band_must_be_finite_seconds(tmp_path: Path, band: str) -> None:
    """A target that is not [low, high] finite seconds (booleans, inf, nan, beyond float range,
    reversed, negative) is a BankError naming the file, not a traceback or an absurd target."""
    (tmp_path / "t.toml").write_text(f'[[questions]]\nid = "q"\ntext = "Q?"\nstory_type = "failure"\n'
                                     f"targets = {{ action = {band} }}\n")
    with pytest.raises(BankError, match=r"t\.toml: question 1: targets\.action must be"):
        load_bank([tmp_path])
