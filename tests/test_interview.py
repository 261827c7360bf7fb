"""mockvoice interview end to end: the demo, the PulseAudio virtual microphone, and a real terminal."""
import json
import shutil
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from mockvoice.samples.scripted import load_script, render_to

SCRIPTS = Path(__file__).parent / "scripts"
MOCKVOICE = [sys.executable, "-m", "mockvoice"]
pytestmark = pytest.mark.slow


def session_of(recordings: Path) -> tuple[Path, dict]:
    [folder] = [p for p in recordings.iterdir() if p.is_dir()]
    return folder, json.loads((folder / "session.json").read_text())


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_demo_interview_runs_a_whole_session(tmp_path):
    proc = subprocess.run([*MOCKVOICE, "interview", "--demo", "--voice", "none", "--count", "1",
                           "--recordings", str(tmp_path)], capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Tell me about a time you handled a production outage." in out
    assert "Findings" in out and "Do you have any questions for me?" in out
    folder, session = session_of(tmp_path)
    kinds = [t["kind"] for t in session["takes"]]
    assert kinds == ["answer", "follow_up", "follow_up", "closing"]  # two follow-ups by default
    answer, follow, depth, closing = session["takes"]
    assert follow["follow_up_of"] == answer["id"] == depth["follow_up_of"]
    assert depth["id"] == "01-outage-1-follow-up-2" and depth["probe_kind"] == "depth"
    # the depth probe is built from the answer's own words, and each reply is judged
    first = json.loads((folder / answer["analysis"]).read_text())
    assert depth["probes"].lower() in first["transcript"]["text"].lower() and depth["probes"] in depth["question_text"]
    for reply in (follow, depth):
        judged = json.loads((folder / reply["analysis"]).read_text())["reply"]
        assert judged["asked"] == reply["question_text"] and isinstance(judged["answered"], bool)
    for take in session["takes"]:
        assert (folder / take["audio"]).is_file() and take["analysis"] and take["stopped_by"] == "end"
        doc = json.loads((folder / take["analysis"]).read_text())
        assert doc["schema"] == 1 and doc["transcript"]["words"]
    assert [p["part"] for p in first["star"]] == ["situation", "task", "action", "result"]
    assert wav_seconds(folder / answer["audio"]) > 90
    assert session["closing"]["good_count"] >= 2 and session["closing"]["enough"]
    # history and a re-review of the saved session
    history = subprocess.run([*MOCKVOICE, "history", "--recordings", str(tmp_path)], capture_output=True, text=True)
    assert "outage-1" in history.stdout and "wpm" in history.stdout
    again = subprocess.run([*MOCKVOICE, "review", "--session", session["id"], "--recordings", str(tmp_path), "--json"],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert [t["take"] for t in json.loads(again.stdout)["takes"]] == [t["id"] for t in session["takes"]]


def test_full_demo_writes_a_scorecard_that_agrees_with_the_takes(tmp_path):
    """--full --demo: five questions over the seed's three story types and two other themes, one
    follow-up each here (to keep the test short), the closing, and a scorecard in session.json,
    scorecard.md and the report, whose figures are the takes' own."""
    proc = subprocess.run([*MOCKVOICE, "interview", "--full", "--demo", "--voice", "none", "--follow-ups", "1",
                           "--recordings", str(tmp_path)], capture_output=True, text=True, timeout=1200,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert "Full mock interview: 5 questions" in proc.stdout and "Scorecard: 5 answers" in proc.stdout
    assert "Interviewer: We're at 3 minutes" in proc.stdout  # the long innovation answer is told so, once
    folder, session = session_of(tmp_path)
    answers = [t for t in session["takes"] if t["kind"] == "answer"]
    card = session["scorecard"]
    assert [row["take"] for row in card["answers"]] == [t["id"] for t in answers]
    docs = {t["id"]: json.loads((folder / t["analysis"]).read_text()) for t in session["takes"]}
    assert {"system_design", "failure", "innovation"} <= {docs[t["id"]]["question"]["theme"] for t in answers}
    for row, take in zip(card["answers"], answers):
        doc = docs[take["id"]]
        assert (row["length_s"], row["wpm"], row["fillers_per_min"]) == (
            doc["pacing"]["total_s"], doc["pacing"]["wpm"], doc["pacing"]["fillers_per_min"])
        assert row["parts"] == [p["part"] for p in doc["star"]]
        items = (doc.get("checklist") or {}).get("items")
        assert row["checklist"] == ({"met": sum(i["ok"] for i in items), "of": len(items)} if items else None)
        replies = [docs[t["id"]]["reply"] for t in session["takes"] if t["follow_up_of"] == take["id"]]
        assert len(replies) == 1
        assert row["follow_ups"] == {"asked": 1, "answered": sum(r["answered"] for r in replies)}
        codes = {f["code"] for f in doc["findings"]}
        assert row["fix_first"] is None or row["fix_first"]["code"] in codes | {"unanswered_follow_up"}
    assert card["strongest"] in docs and card["weakest"] in docs and len(card["habits"]) <= 3
    assert card["practise"] and card["closing"] == session["closing"]["summary"]
    assert "# Scorecard" in (folder / "scorecard.md").read_text()
    assert 'id="scorecard"' in (folder / "report.html").read_text()


def test_lets_stop_there_at_max_seconds(tmp_path):
    proc = subprocess.run([*MOCKVOICE, "interview", "--demo", "--voice", "none", "--count", "1", "--max-seconds", "20",
                           "--follow-ups", "0", "--no-closing", "--recordings", str(tmp_path)],
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert "Interviewer: Let's stop there. Thank you." in proc.stdout
    folder, session = session_of(tmp_path)
    [take] = session["takes"]
    assert take["stopped_by"] == "max" and abs(wav_seconds(folder / take["audio"]) - 20) < 0.01


def _play_when_recording(recordings: Path, wav: Path, take: str, timeout: float = 60) -> None:
    """paplay wav into the null sink once the take's WAV (its file name) is being recorded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        folders = [p for p in recordings.iterdir() if p.is_dir()] if recordings.exists() else []
        recorded = folders[0] / take if folders else None
        # play once audio is flowing into the take (a fresh PulseAudio source starts ~2 s late)
        if recorded is not None and recorded.is_file() and recorded.stat().st_size > 44 + 6400:
            subprocess.run(["paplay", "--device=mockvoice_sink", str(wav)], check=True, timeout=120)
            return
        time.sleep(0.1)
    raise AssertionError(f"the interview never started recording {take}")


@pytest.mark.audio
def test_interview_records_from_the_virtual_microphone(pulse, tmp_path):
    answer = tmp_path / "answer.wav"
    truth = render_to(load_script(SCRIPTS / "short-outage.toml"), answer)
    recordings = tmp_path / "rec"
    proc = subprocess.Popen([*MOCKVOICE, "interview", "--question", "outage-1", "--voice", "none",
                             "--stop-on-silence", "3", "--no-follow-ups", "--no-closing", "--recordings", str(recordings)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    _play_when_recording(recordings, answer, "01-outage-1.wav")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    folder, session = session_of(recordings)
    [take] = session["takes"]
    assert take["stopped_by"] == "silence"
    spoken = truth[-1]["end"] + 0.5
    assert spoken + 2.5 < wav_seconds(folder / take["audio"]) < spoken + 8
    doc = json.loads((folder / take["analysis"]).read_text())
    text = doc["transcript"]["text"].lower()
    assert "payment" in text and "rolled back" in text
    assert [p["part"] for p in doc["star"]] == ["situation", "task", "action", "result"]
    assert "Findings" in out


@pytest.mark.audio
def test_follow_up_is_asked_and_recorded(pulse, tmp_path):
    answer, reply = tmp_path / "answer.wav", tmp_path / "reply.wav"
    render_to(load_script(SCRIPTS / "we-no-result.toml"), answer)
    render_to(load_script(SCRIPTS / "short-reply.toml"), reply)
    recordings = tmp_path / "rec"
    proc = subprocess.Popen([*MOCKVOICE, "interview", "--question", "design-1", "--voice", "none",
                             "--stop-on-silence", "3", "--follow-ups", "1", "--no-closing", "--recordings", str(recordings)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    _play_when_recording(recordings, answer, "01-design-1.wav")
    _play_when_recording(recordings, reply, "01-design-1-follow-up.wav", timeout=120)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    # no Result in the answer: the interviewer probes it
    assert "How did it turn out in the end, and how did you measure success?" in out
    folder, session = session_of(recordings)
    answer_take, follow = session["takes"]
    assert follow["kind"] == "follow_up" and follow["follow_up_of"] == answer_take["id"]
    doc = json.loads((folder / follow["analysis"]).read_text())
    assert doc["star"] == [] and "measured success" in doc["transcript"]["text"].lower()


@pytest.mark.audio
def test_an_answer_naming_a_technology_is_probed_about_it(pulse, tmp_path):
    """Two follow-ups through the virtual microphone: the gap (no lesson), then the technology the
    answer named; the second reply first asks to hear the question again. Both replies are recorded,
    saved and judged."""
    wavs = {name: tmp_path / f"{name}.wav" for name in ("docker-answer", "reply-differently", "reply-repeat")}
    for name, wav in wavs.items():
        render_to(load_script(SCRIPTS / f"{name}.toml"), wav)
    recordings = tmp_path / "rec"
    proc = subprocess.Popen([*MOCKVOICE, "interview", "--question", "design-1", "--voice", "none",
                             "--stop-on-silence", "3", "--no-closing", "--recordings", str(recordings)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    _play_when_recording(recordings, wavs["docker-answer"], "01-design-1.wav")
    _play_when_recording(recordings, wavs["reply-differently"], "01-design-1-follow-up.wav", timeout=120)
    _play_when_recording(recordings, wavs["reply-repeat"], "01-design-1-follow-up-2.wav", timeout=120)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    folder, session = session_of(recordings)
    answer, *replies = session["takes"]
    assert [t["kind"] for t in replies] == ["follow_up", "follow_up"]
    assert any("Docker" in t["question_text"] for t in replies), [t["question_text"] for t in replies]
    for reply in replies:
        assert reply["follow_up_of"] == answer["id"] and wav_seconds(folder / reply["audio"]) > 3
        judged = json.loads((folder / reply["analysis"]).read_text())["reply"]
        assert judged["asked"] == reply["question_text"] and judged["answered"] and judged["evidence"]
        assert f"Reply to: {reply['question_text']}" in out
    assert f"Interviewer: Of course. {replies[1]['question_text']}" in out  # asked again, still recording
    assert replies[1]["stopped_by"] == "silence"


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux not installed")
def test_interactive_terminal_enter_stops_the_answer(tmp_path):
    """In a real terminal (tmux): the question appears, Enter ends the answer, the report follows."""
    session_name = f"mv{int(time.time() * 1000) % 100000}"
    cmd = " ".join([*MOCKVOICE, "interview", "--demo", "--voice", "none", "--count", "1", "--no-follow-ups",
                    "--no-closing", "--recordings", str(tmp_path)])
    subprocess.run(["tmux", "new-session", "-d", "-s", session_name, "-x", "160", "-y", "50",
                    f"{cmd}; sleep 30"], check=True)

    def screen() -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", session_name, "-S", "-200"],
                              capture_output=True, text=True).stdout

    def wait_for(text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{screen()}")

    try:
        wait_for("Tell me about a time you handled a production outage.", 60)
        wait_for("REC 0:", 30)
        subprocess.run(["tmux", "send-keys", "-t", session_name, "Enter"], check=True)
        shown = wait_for("Transcript", 120)
        assert "(enter)" in shown
        _, session = session_of(tmp_path)
        assert session["takes"][0]["stopped_by"] == "enter"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session_name], capture_output=True)
