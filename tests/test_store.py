import json
import os
import subprocess
import sys

import numpy as np
import pytest

from mockvoice.report.history import attempts, render
from mockvoice.store import StoreError, list_sessions, load_session, new_session, write_json_atomic
from mockvoice.audio.wav import WavAppender


def test_session_round_trip(tmp_path):
    s = new_session(tmp_path, {"voice": "none"})
    take = s.add_take("answer", "outage-1", "Tell me about an outage.")
    follow = s.add_take("follow_up", "outage-1", "What would you do differently?", follow_up_of=take.id)
    closing = s.add_take("closing", None, "Any questions?")
    assert [t.id for t in s.takes] == ["01-outage-1", "01-outage-1-follow-up", "02-closing"]
    assert follow.follow_up_of == "01-outage-1" and closing.audio == "02-closing.wav"
    loaded = load_session(tmp_path, s.id)
    assert [t.id for t in loaded.takes] == [t.id for t in s.takes]
    data = json.loads((s.folder / "session.json").read_text())
    assert data["schema"] == 1 and data["settings"] == {"voice": "none"} and data["versions"]["mockvoice"]


def test_atomic_write_never_leaves_a_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "session.json"
    write_json_atomic(path, {"good": True})

    def boom(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(StoreError, match="No space left on device"):
        write_json_atomic(path, {"good": False, "big": "x" * 10000})
    assert json.loads(path.read_text()) == {"good": True}
    assert [p.name for p in tmp_path.iterdir()] == ["session.json"]


def test_unknown_and_old_sessions_are_one_line_errors(tmp_path):
    with pytest.raises(StoreError, match="no session"):
        load_session(tmp_path, "nope")
    old = tmp_path / "old"
    old.mkdir()
    (old / "session.json").write_text(json.dumps({"schema": 0, "id": "old", "created": "x"}))
    with pytest.raises(StoreError, match="schema"):
        load_session(tmp_path, "old")
    assert list_sessions(tmp_path) == []


def test_recordings_dir_not_writable(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(StoreError):
        new_session(blocked / "sub", {})


def test_history_lists_attempts_per_question(tmp_path):
    for wpm in (180.0, 150.0):
        s = new_session(tmp_path, {})
        take = s.add_take("answer", "outage-1", "Tell me about an outage.")
        doc = {"pacing": {"total_s": 130.0, "wpm": wpm, "fillers_per_min": 2.0},
               "star": [{"part": "situation", "duration_s": 25.0}, {"part": "action", "duration_s": 70.0}],
               "findings": [{"code": "missing_task"}]}
        (s.folder / f"{take.id}.json").write_text(json.dumps(doc))
        take.analysis = f"{take.id}.json"
        s.save()
    rows = attempts(tmp_path)["outage-1"]
    assert [r["wpm"] for r in rows] == [180.0, 150.0]
    text = render(tmp_path)
    assert "outage-1: Tell me about an outage." in text and "S 25s T – A 70s R –" in text
    assert "150 wpm" in text and "1 finding(s)" in text


def test_history_when_empty(tmp_path):
    assert "No sessions" in render(tmp_path / "none")


def test_review_session_skips_a_take_with_no_audio(tmp_path):
    """Ctrl-C before the first block leaves a WAV with a header only: review says so and goes on."""
    session = new_session(tmp_path, {})
    take = session.add_take("answer", "outage-1", "Tell me about an outage.")
    WavAppender(session.path(take.audio)).close()
    session.save()
    proc = subprocess.run([sys.executable, "-m", "mockvoice", "review", "--session", session.id, "--recordings",
                           str(tmp_path)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"mockvoice: {take.id}: no audio in file: {session.path(take.audio)}, skipped"]
    assert (session.folder / "report.html").is_file()


def test_recover_repairs_the_takes_a_crash_left(tmp_path):
    import struct

    s = new_session(tmp_path, {})
    take = s.add_take("answer", "outage-1", "Tell me about an outage.")
    s.add_take("closing", None, "Any questions?")  # never recorded: no WAV
    with WavAppender(s.path(take.audio)) as wav:
        wav.append(np.zeros(16_000, np.float32))
    with open(s.path(take.audio), "r+b") as f:  # a header a second stale, as kill -9 leaves it
        f.seek(40)
        f.write(struct.pack("<I", 0))
    loaded = load_session(tmp_path, s.id)
    assert loaded.recover() == [take.id]
    assert struct.unpack("<I", s.path(take.audio).read_bytes()[40:44])[0] == 32_000
    assert loaded.recover() == []
