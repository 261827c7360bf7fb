"""The command line: what `mockvoice questions` lists. (Errors a user can cause: test_bad_input.py.)"""
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mockvoice", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def test_questions_lists_every_theme():
    proc = run("questions")
    assert proc.returncode == 0
    for theme in ("system_design", "failure", "innovation", "from_scratch", "optimization", "incomplete_info",
                  "mentoring", "weakness"):
        assert f"{theme}:" in proc.stdout
    assert "outage-1" in proc.stdout
