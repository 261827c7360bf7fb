"""mockvoice review on real speech (Piper, espeak-ng) with the real Whisper model."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mockvoice.samples.scripted import load_script, render_to

SCRIPTS = Path(__file__).parent / "scripts"
pytestmark = pytest.mark.slow


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mockvoice", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("rendered")

    def render(name: str) -> tuple[Path, list[dict]]:
        wav = out / f"{name}.wav"
        return wav, render_to(load_script(SCRIPTS / f"{name}.toml"), wav)
    return render


def review_json(path: Path, *extra: str) -> dict:
    proc = run("review", str(path), "--json", *extra)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_complete_answer_parts_times_and_contract(rendered):
    wav, truth = rendered("short-outage")
    doc = review_json(wav, "--question", "outage-1")
    assert doc["schema"] == 1
    assert doc["question"] == {"id": "outage-1", "text": "Tell me about a time you handled a production outage.",
                               "theme": "failure"}
    assert [p["part"] for p in doc["star"]] == ["situation", "task", "action", "result"]
    true_start = {}
    for s in truth:
        true_start.setdefault(s["part"], s["start"])
    for part in doc["star"]:
        assert abs(part["start"] - true_start[part["part"]]) < 1.5, part
        assert part["duration_s"] == pytest.approx(part["end"] - part["start"], abs=0.02)
        assert part["target_s"][0] < part["target_s"][1] and part["word_count"] > 5
    words = doc["transcript"]["words"]
    assert len(words) > 80 and all(a["start"] <= b["start"] for a, b in zip(words, words[1:]))
    text = doc["transcript"]["text"].lower()
    for expected in ("payment", "rolled back", "dashboards", "lesson"):
        assert expected in text
    true_wpm = sum(s["words"] for s in truth) / (truth[-1]["end"] - truth[0]["start"]) * 60
    assert doc["pacing"]["wpm"] == pytest.approx(true_wpm, rel=0.06)
    codes = {f["code"] for f in doc["findings"]}
    assert not codes & {"missing_situation", "missing_task", "missing_action", "missing_result",
                        "no_quantified_result", "no_lessons_learned", "no_communication", "no_prevention",
                        "no_recovery_time", "low_personal_ownership"}
    assert "too_short" in codes  # 40 s against 2-3 minutes


def test_we_answer_without_result_is_flagged(rendered):
    wav, _ = rendered("we-no-result")
    doc = review_json(wav, "--question", "design-1")
    assert "result" not in [p["part"] for p in doc["star"]]
    codes = {f["code"] for f in doc["findings"]}
    assert {"missing_result", "low_personal_ownership", "no_lessons_learned"} <= codes


def test_terminal_report_is_readable(rendered):
    wav, _ = rendered("short-outage")
    proc = run("review", str(wav))
    assert proc.returncode == 0, proc.stderr
    for heading in ("Situation", "Task", "Action", "Result", "wpm", "Findings", "Transcript"):
        assert heading in proc.stdout
    assert "\033[" not in proc.stdout  # no colour codes when not a terminal
