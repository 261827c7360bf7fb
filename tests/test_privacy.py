"""Private by construction: no network needed, nothing written outside the recordings folder and
the user's cache, and a session can be deleted completely (mockvoice forget)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parent.parent / "mockvoice" / "samples" / "outage-1.ogg"
MOCKVOICE = [sys.executable, "-m", "mockvoice"]
DEMO = ["interview", "--demo", "--count", "1", "--no-follow-ups", "--no-closing"]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False, stdin=subprocess.DEVNULL, **kw)


def offline(cmd: list[str]) -> list[str]:
    """cmd in a new network namespace: no interface but a downed loopback."""
    if not shutil.which("unshare") or run(["unshare", "-n", "true"]).returncode:
        pytest.skip("unshare -n needs root (or user namespaces); CI runs as root")
    return ["unshare", "-n", *cmd]


def comparable(doc: dict) -> dict:
    doc["audio"].pop("path")
    return doc


@pytest.mark.slow
def test_review_and_interview_without_a_network(tmp_path):
    probe = run(offline([sys.executable, "-c", "import socket; socket.create_connection(('1.1.1.1', 53), timeout=3)"]))
    assert probe.returncode != 0 and "unreachable" in probe.stderr.lower()  # really no network in there

    online = run([*MOCKVOICE, "review", str(SAMPLE), "--json"])
    cut_off = run(offline([*MOCKVOICE, "review", str(SAMPLE), "--json"]))
    assert cut_off.returncode == 0, cut_off.stderr
    assert comparable(json.loads(cut_off.stdout)) == comparable(json.loads(online.stdout))

    interview = run(offline([*MOCKVOICE, *DEMO, "--voice", "espeak", "--recordings", str(tmp_path)]))
    assert interview.returncode == 0, interview.stderr
    [session] = [p for p in tmp_path.iterdir() if p.is_dir()]
    take = json.loads((session / "session.json").read_text())["takes"][0]
    doc = json.loads((session / take["analysis"]).read_text())
    assert [p["part"] for p in doc["star"]] == ["situation", "task", "action", "result"]
    assert "report ready" in interview.stdout


WRITES = re.compile(r'^\d+\s+(openat|open|creat|mkdir|mkdirat|rename|renameat2?|unlink|unlinkat|link|symlink)\((.*)')
WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC")
AT_PATH = re.compile(r'(?:(AT_FDCWD)|\d+<([^>]*)>), "((?:[^"\\]|\\.)*)"')  # strace -y: dirfd<its path>, "name"
PLAIN_PATH = re.compile(r'"((?:[^"\\]|\\.)*)"')


def written_paths(trace: Path, cwd: Path) -> set[Path]:
    """Every path the traced processes opened for writing, created, renamed or removed."""
    paths = set()
    for line in trace.read_text(errors="replace").splitlines():
        match = WRITES.match(line)
        if not match or "= -1" in line.rsplit(")", 1)[-1]:
            continue
        call, rest = match.groups()
        if call in ("openat", "open") and not any(flag in rest for flag in WRITE_FLAGS):
            continue
        if call.endswith("at") or call == "renameat2":
            names = [(Path(base) if base else cwd, name) for _, base, name in AT_PATH.findall(rest)]
        else:
            names = [(cwd, name) for name in PLAIN_PATH.findall(rest)]
        paths.update(Path(name) if name.startswith("/") else (base / name).resolve() for base, name in names)
    return paths


def pulse_part(path: Path, tmp_path: Path) -> str:
    """The first part of path inside /tmp or the test's TMPDIR (libpulse's runtime folder is pulse-*)."""
    for base in (tmp_path / "tmp", Path("/tmp")):
        if base in path.parents:
            return path.relative_to(base).parts[0]
    return ""


@pytest.mark.slow
def test_nothing_written_outside_recordings_and_cache(tmp_path):
    if not shutil.which("strace"):
        pytest.skip("strace not installed (./install.sh installs it)")
    home, cwd, recordings = tmp_path / "home", tmp_path / "cwd", tmp_path / "recordings"
    for folder in (home, cwd, tmp_path / "tmp"):
        folder.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "TMPDIR": str(tmp_path / "tmp"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    # besides ours: the sound server's own client state (libpulse, through PortAudio's ALSA plugin,
    # makes ~/.config/pulse and /tmp/pulse-*), no answer data
    allowed = (recordings, home / ".cache", Path("/dev"), home / ".config")

    def outside_after(*args: str) -> list[str]:
        trace = tmp_path / "trace.txt"
        proc = run(["strace", "-f", "-qq", "-y", "-o", str(trace), *MOCKVOICE, *args], cwd=cwd, env=env)
        assert proc.returncode == 0, proc.stderr
        return sorted(str(p) for p in written_paths(trace, cwd)
                      if not any(p == a or a in p.parents for a in allowed)
                      and not re.match(r"/proc/", str(p)) and not re.match(r"pulse-\w+$", pulse_part(p, tmp_path)))

    assert outside_after(*DEMO, "--voice", "espeak", "--recordings", str(recordings)) == []
    [session] = [p.name for p in recordings.iterdir() if p.is_dir()]
    assert outside_after("review", "--session", session, "--recordings", str(recordings)) == []
    assert all(p.name.startswith("pulse-") for p in (tmp_path / "tmp").iterdir()) and not any(cwd.iterdir())
    assert [p.name for p in (home / ".config").iterdir()] in ([], ["pulse"])
    assert not (home / ".cache" / "mockvoice").exists() or not any((home / ".cache" / "mockvoice").iterdir())


def test_forget_deletes_a_session_completely(tmp_path):
    from mockvoice.report.pages import write_history_report
    from mockvoice.store import new_session

    keep, drop = new_session(tmp_path, {}), new_session(tmp_path, {})
    for session in (keep, drop):
        session.add_take("answer", "outage-1", "Tell me about an outage.")
        session.path("01-outage-1.wav").write_bytes(b"RIFF")
        session.save()
    write_history_report(tmp_path)

    refused = run([*MOCKVOICE, "forget", drop.id, "--recordings", str(tmp_path)])
    assert refused.returncode == 2 and "--yes" in refused.stderr and drop.folder.exists()

    proc = run([*MOCKVOICE, "forget", drop.id, "--yes", "--recordings", str(tmp_path)])
    assert proc.returncode == 0, proc.stderr
    assert f"forgot session {drop.id}" in proc.stdout
    assert not drop.folder.exists() and keep.folder.exists()
    assert drop.id not in (tmp_path / "history.html").read_text()

    run([*MOCKVOICE, "forget", str(keep.folder), "--yes", "--recordings", str(tmp_path)])
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # the last one: history.html goes too
