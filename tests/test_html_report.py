"""The HTML report and progress page, built from hand-made analyses (no model, no browser)."""
import re

import pytest
from transcripts import GOOD_OUTAGE, build

from mockvoice.analysis.analyze import analyze
from mockvoice.interview.bank import load_bank
from mockvoice.cli import main
from mockvoice.report.html_session import ReportTake, build_report, pace_windows
from mockvoice.report.pages import write_history_report, write_session_report
from mockvoice.report.document import to_dict
from mockvoice.store import StoreError, find_target, new_session, write_json_atomic

OUTAGE = load_bank()["outage-1"]


def analysed(sentences, wpm=150.0, question=OUTAGE, story=True) -> dict:
    transcript, _ = build(sentences, wpm=wpm)
    return to_dict(analyze(transcript, question, audio_path="a.wav", story=story))


def recorded(root, answers: list[dict], reply: dict | None = None):
    """A session on disk whose answers (and one follow-up reply) are already analysed."""
    session = new_session(root, {})
    for doc in answers:
        take = session.add_take("answer", "outage-1", OUTAGE.text)
        take.analysis = f"{take.id}.json"
        write_json_atomic(session.path(take.analysis), doc)
    if reply:
        take = session.add_take("follow_up", "outage-1", "What would you do differently?", session.takes[0].id)
        take.analysis = f"{take.id}.json"
        write_json_atomic(session.path(take.analysis), reply)
    session.save()
    return session


def words(*times, text="word"):
    return [{"text": text, "start": s, "end": e, "probability": 1.0} for s, e in times]


def test_pace_windows_known_rates():
    # 40 words in the first 15 s, 20 in the next 15 s: 160 then 80 words a minute
    first = words(*((i * 0.375, i * 0.375 + 0.3) for i in range(40)))
    second = words(*((15 + i * 0.75, 15 + i * 0.75 + 0.3) for i in range(19)), (29.5, 30.0))
    assert pace_windows(first + second) == [(0.0, 15.0, 160.0), (15.0, 30.0, 80.0)]


def test_pace_windows_count_spoken_words_and_even_windows():
    spoken = [{"text": t, "start": s, "end": s + 0.4, "probability": 1.0}
              for t, s in (("um", 0.0), ("90%", 1.0), ("done.", 2.0))]
    assert pace_windows(spoken) == [(0.0, 2.4, 75.0)]  # "um" 0 words, "90%" 2, "done." 1: 3 in 2.4 s
    windows = pace_windows(words(*((i, i + 0.5) for i in range(40))))  # 39.5 s -> three windows of ~13 s
    assert len(windows) == 3 and windows[0][0] == 0.0 and windows[-1][1] == 39.5
    assert pace_windows([]) == []


def test_transcript_text_is_escaped():
    doc = analysed([("situation", "I saw <script>alert(1)</script> in the logs & fixed it.")] + GOOD_OUTAGE[1:])
    html = build_report("<b>title</b>", "sub", [ReportTake("01-x", "answer", "Why <i>?</i>", "01%20x.wav", doc)])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "alert(1)</script>" not in html
    assert html.count("<script>") == 1  # the report's own few lines, nothing from the transcript
    assert "<b>title</b>" not in html and "Why &lt;i&gt;?&lt;/i&gt;" in html and "&amp;" in html


def test_answer_section_has_player_timeline_words_chart_and_findings():
    doc = analysed(GOOD_OUTAGE[:4] + GOOD_OUTAGE[11:])  # little Action: short and flagged
    html = build_report("t", "s", [ReportTake("01-outage-1", "answer", OUTAGE.text, "01-outage-1.wav", doc)])
    assert '<audio controls preload="auto" src="01-outage-1.wav">' in html
    assert "http" not in html  # nothing fetched from anywhere
    parts = re.findall(r'class="star-part p-(\w+)" style="left:([\d.]+)%;width:([\d.]+)%" data-part="\1" '
                       r'data-start="([\d.]+)" data-end="([\d.]+)"', html)
    assert [p[0] for p in parts] == [p["part"] for p in doc["star"]]
    ratios = {float(width) / (float(end) - float(start)) for _, _, width, start, end in parts}
    assert max(ratios) / min(ratios) == pytest.approx(1, abs=0.01)  # widths proportional to durations
    assert html.count('<span class="w') == len(doc["transcript"]["words"])
    assert html.count('class="zone"') == len(doc["star"])
    assert "<svg" in html and 'class="band"' in html
    for finding in doc["findings"]:
        assert finding["message"].replace("'", "&#x27;").replace('"', "&quot;") in html
    assert "@media print{audio" in html


def test_missing_part_shows_its_message_and_fillers_are_marked():
    sentences = [("situation", "Um, our payments service was down on a Friday evening for everyone."),
                 *[s for s in GOOD_OUTAGE if s[0] in ("action", "result")]]
    doc = analysed(sentences)
    html = build_report("t", "s", [ReportTake("01", "answer", "q", "01.wav", doc)])
    assert "task" not in {p["part"] for p in doc["star"]}
    assert "No Task heard." in html and 'class="st fail">missing' in html
    assert '<span class="w filler" data-start="0.0"' in html


def test_reply_has_no_timeline_and_unanalysed_take_is_listed():
    reply = analysed([(None, "I would test the retry logic under load before every release.")], story=False)
    html = build_report("t", "s", [ReportTake("01-f", "follow_up", "What would you do differently?", "01-f.wav", reply),
                                   ReportTake("02", "answer", "Next?", "02.wav", None)])
    assert 'class="star-part' not in html and "a reply: no target" in html
    assert "Not analysed yet" in html and 'src="02.wav"' in html


def test_a_reply_is_shown_judged_against_its_probe():
    reply = analysed([(None, "Looking back, I would add the alerts before the launch.")], story=False)
    reply["reply"] = {"asked": "What would you do differently?", "probe": "no_lessons_learned", "answered": True,
                      "evidence": "Looking back, I would add the alerts before the launch.", "advice": None,
                      "expects": "change", "start": 0.0}
    missed = dict(reply, reply=dict(reply["reply"], answered=False, evidence=None, advice="Name the alternative."))
    html = build_report("t", "s", [
        ReportTake("01-f", "follow_up", "What would you do differently?", "01-f.wav", reply, "no_lessons_learned", "gap"),
        ReportTake("01-f-2", "follow_up", "You mentioned a Redis cache — why that?", "01-f-2.wav", missed,
                   "a Redis cache", "depth")])
    assert "Answered the question:" in html and "Looking back, I would add the alerts" in html
    assert "Not answered. Name the alternative." in html
    assert "Asked about the answer's own words: &ldquo;a Redis cache&rdquo;" in html
    assert "<code>no_lessons_learned</code>" in html


def test_a_full_mock_report_opens_with_its_scorecard(tmp_path):
    from mockvoice.report.pages import write_scorecard

    session = recorded(tmp_path, [analysed(GOOD_OUTAGE), analysed(GOOD_OUTAGE[:4] + GOOD_OUTAGE[11:12])])
    card = write_scorecard(session)
    html = write_session_report(session).read_text()
    assert html.index('id="scorecard"') < html.index('class="take"')
    assert f'<a href="#{card["answers"][0]["take"]}">outage-1</a>' in html and "Fix first" in html
    assert "Scorecard" in (session.folder / "scorecard.md").read_text()
    assert find_target(tmp_path, session.id)[0].scorecard == card


def test_session_report_and_history_on_disk(tmp_path):
    first = recorded(tmp_path, [analysed(GOOD_OUTAGE[:5] + GOOD_OUTAGE[11:], wpm=190)])
    second = recorded(tmp_path, [analysed(GOOD_OUTAGE, wpm=140)],
                      reply=analysed([(None, "I would add alerts first.")], story=False))
    path = write_session_report(second)
    assert path == second.folder / "report.html"
    html = path.read_text()
    assert 'src="01-outage-1.wav"' in html and 'id="01-outage-1-follow-up"' in html
    history = (tmp_path / "history.html").read_text()
    assert "Tell me about a time you handled a production outage." in history
    assert history.count("<svg") == 5 and f'href="{second.id}/report.html#01-outage-1"' in history
    assert history.count("<tr><td>") == 2 and f"{first.id}/report.html" not in history  # no report written yet


def test_history_page_lists_every_question(tmp_path):
    session = new_session(tmp_path, {})
    for qid, doc in (("outage-1", analysed(GOOD_OUTAGE)), ("design-1", None)):
        take = session.add_take("answer", qid, f"Question {qid}?")
        if doc:
            take.analysis = f"{take.id}.json"
            write_json_atomic(session.path(take.analysis), doc)
    session.save()
    history = write_history_report(tmp_path).read_text()
    assert 'id="q-outage-1"' in history and 'id="q-design-1"' in history
    assert "Question design-1?" in history and "not analysed yet" in history


def test_report_targets(tmp_path):
    session = recorded(tmp_path, [analysed(GOOD_OUTAGE)])
    for given in (session.id, str(session.folder)):
        found, take = find_target(tmp_path, given)
        assert (found.id, take) == (session.id, None)
    assert find_target(tmp_path, str(session.folder / "01-outage-1.json"))[1] == "01-outage-1"
    assert find_target(tmp_path, f"{session.id}/01-outage-1")[1] == "01-outage-1"
    found, take = find_target(tmp_path, "01-outage-1")
    assert (found.id, take) == (session.id, "01-outage-1")
    with pytest.raises(StoreError, match="no session or take"):
        find_target(tmp_path, "nope")


def test_report_command(tmp_path, capsys):
    session = recorded(tmp_path, [analysed(GOOD_OUTAGE)])
    assert main(["report", session.id, "--recordings", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(session.folder / "report.html")
    assert main(["report", "--history", "--recordings", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "history.html")
    assert main(["report", "--recordings", str(tmp_path)]) == 2
    assert main(["report", "nope", "--recordings", str(tmp_path)]) == 2
    assert "no session or take 'nope'" in capsys.readouterr().err
