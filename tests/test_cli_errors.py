"""Errors a user can cause: one line on stderr, a non-zero exit, no traceback."""
import subprocess
import sys

import pytest


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mockvoice", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def check_one_line_error(proc, *needles):
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0]


def test_missing_file(tmp_path):
    check_one_line_error(run("review", str(tmp_path / "nope.wav")), "no such file")


def test_directory(tmp_path):
    check_one_line_error(run("review", str(tmp_path)), "directory")


def test_empty_file(tmp_path):
    (tmp_path / "empty.wav").write_bytes(b"")
    check_one_line_error(run("review", str(tmp_path / "empty.wav")), "empty")


def test_text_named_wav(tmp_path):
    (tmp_path / "fake.wav").write_text("this is not audio\n" * 50)
    check_one_line_error(run("review", str(tmp_path / "fake.wav")), "not a readable audio file")


def test_unknown_question(tmp_path):
    (tmp_path / "fake.wav").write_bytes(b"x")
    check_one_line_error(run("review", str(tmp_path / "fake.wav"), "--question", "nope-9"), "unknown question id")


@pytest.mark.parametrize("make", ["missing", "no_model_bin"])
def test_bad_model_directory(tmp_path, make):
    from mockvoice.voice import write_wav
    import numpy as np
    write_wav(tmp_path / "a.wav", np.zeros(16000), 16000)
    model = tmp_path / "model"
    if make == "no_model_bin":
        model.mkdir()
        (model / "config.json").write_text("{}")
    check_one_line_error(run("review", str(tmp_path / "a.wav"), "--model", str(model)), "model")


def test_malformed_bank(tmp_path):
    (tmp_path / "bad.toml").write_text("theme = 'x'\n[[questions]]\nid = 'Bad Id'\ntext = 'hi'\n")
    check_one_line_error(run("questions", "--bank", str(tmp_path)), "bad.toml")


def test_unknown_theme():
    check_one_line_error(run("questions", "--theme", "cooking"), "unknown theme")


def test_questions_lists_every_theme():
    proc = run("questions")
    assert proc.returncode == 0
    for theme in ("system_design", "failure", "innovation", "from_scratch", "optimization", "incomplete_info",
                  "mentoring", "weakness"):
        assert f"{theme}:" in proc.stdout
    assert "outage-1" in proc.stdout
