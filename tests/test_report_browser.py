"""The HTML report of a real rendered answer (Piper speech, the real Whisper model) in headless
Debian chromium, opened from file://: the timeline's proportions, click-to-seek, a visible page."""
import shutil
import time
from pathlib import Path

import pytest
from webdriver import Browser, missing, png_pixels

from mockvoice.interview.bank import load_bank
from mockvoice.report.pages import write_session_report
from mockvoice.pipeline import review_take
from mockvoice.samples.scripted import load_script, render_to
from mockvoice.store import new_session

pytestmark = pytest.mark.slow
SCRIPTS = Path(__file__).parent / "scripts"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, dict]:
    reason = missing()
    if reason:
        pytest.skip(reason)
    rendered = tmp_path_factory.mktemp("rendered") / "short-outage.wav"
    render_to(load_script(SCRIPTS / "short-outage.toml"), rendered)
    question = load_bank()["outage-1"]
    session = new_session(tmp_path_factory.mktemp("recordings"), {})
    take = session.add_take("answer", question.id, question.text)
    shutil.copy(rendered, session.path(take.audio))
    _, document = review_take(session, take, question)
    return write_session_report(session), document


@pytest.fixture(scope="module")
def browser(tmp_path_factory, report):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def wait_for(browser: Browser, script: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not (value := browser.run(script)):
        assert time.monotonic() < deadline, f"timed out waiting for: {script}"
        time.sleep(0.1)
    return value


def test_timeline_has_one_element_per_part_sized_by_duration(browser, report):
    path, document = report
    browser.get(path.as_uri())
    bars = browser.run("return [...document.querySelectorAll('.star-part')].map(e => "
                       "[e.dataset.part, +e.dataset.start, +e.dataset.end, e.getBoundingClientRect().width])")
    assert [b[0] for b in bars] == [p["part"] for p in document["star"]] == ["situation", "task", "action", "result"]
    total_width = sum(b[3] for b in bars)
    total_time = sum(p["duration_s"] for p in document["star"])
    for (_, start, end, width), part in zip(bars, document["star"]):
        assert (start, end) == (part["start"], part["end"])
        assert width / total_width == pytest.approx(part["duration_s"] / total_time, abs=0.02)


def test_clicking_a_word_seeks_the_audio_there(browser, report, tmp_path):
    path, _ = report
    browser.get(path.as_uri())
    assert wait_for(browser, "return document.querySelector('audio').readyState >= 1 && "
                             "document.querySelector('audio').duration")
    start = browser.run("return [...document.querySelectorAll('.w')].find(w => +w.dataset.start > 15).dataset.start")
    browser.click(f'.w[data-start="{start}"]')
    assert browser.run("return document.querySelector('audio').currentTime") == pytest.approx(float(start), abs=0.3)
    lit = wait_for(browser, "const w = document.querySelector('.w.now'); return w && +w.dataset.start")
    assert lit == pytest.approx(float(start), abs=1.0)  # the word being played is highlighted

    shot = tmp_path / "report.png"
    shot.write_bytes(browser.screenshot())
    width, height, rows = png_pixels(shot.read_bytes())
    colours = {row[i:i + 3] for row in rows[::4] for i in range(0, len(row), 12)}
    assert width > 600 and height > 400 and len(colours) > 50, f"screenshot looks blank: {len(colours)} colours"
