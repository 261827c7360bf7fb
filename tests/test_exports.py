"""review --markdown and --vtt from hand-made analyses."""
import re

from transcripts import GOOD_OUTAGE, build

from mockvoice.analysis.analyze import analyze
from mockvoice.interview.bank import load_bank
from mockvoice.cli import build_parser
from mockvoice.report.exports import phrases, to_markdown, to_vtt, vtt_time
from mockvoice.analysis.model import Word
from mockvoice.report.document import to_dict

CUE_TIME = re.compile(r"^(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)$")


def doc_of(sentences, **kw) -> dict:
    transcript, _ = build(sentences, **kw)
    return to_dict(analyze(transcript, load_bank()["outage-1"], audio_path="answer.wav"))


def w(text, start, end):
    return Word(text, start, end)


def test_vtt_time_format():
    assert vtt_time(0) == "00:00:00.000"
    assert vtt_time(83.4567) == "00:01:23.457"
    assert vtt_time(3725.0) == "01:02:05.000"


def test_phrases_split_at_sentence_end_pause_and_about_ten_words():
    words = (w("I", 0.0, 0.2), w("rolled", 0.2, 0.5), w("back.", 0.5, 0.9),       # sentence end
             w("Then", 1.0, 1.2), w("I", 1.2, 1.3), w("waited", 1.3, 1.6),        # 0.5 s pause after
             *[w(f"w{i}", 2.1 + i * 0.3, 2.3 + i * 0.3) for i in range(23)])       # 23 words, no break
    split = [[x.text for x in p] for p in phrases(words)]
    assert split == [["I", "rolled", "back."], ["Then", "I", "waited"],
                     [f"w{i}" for i in range(8)], [f"w{i}" for i in range(8, 16)], [f"w{i}" for i in range(16, 23)]]
    # a number Whisper split in two ('40' ',000') stays together and counts once
    joined = phrases(tuple(w(f"x{i}", i * 0.3, i * 0.3 + 0.2) for i in range(9))
                     + (w("40", 2.7, 2.9), w(",000", 2.9, 3.0), w("orders", 3.0, 3.3)))
    assert [len(p) for p in joined] == [6, 6]


def test_vtt_cues_carry_part_names_and_valid_times():
    doc = doc_of(GOOD_OUTAGE, pauses={0: 0.3, 1: 0.3})
    vtt = to_vtt(doc)
    lines = vtt.split("\n")
    assert lines[0] == "WEBVTT" and lines[1] == ""
    cues = [block.split("\n") for block in vtt.strip().split("\n\n")[1:]]
    assert cues and all(c[0].isdigit() and CUE_TIME.match(c[1]) and len(c) == 3 for c in cues)
    texts = [c[2] for c in cues]
    assert texts[0].startswith("[Situation] Last year I was the on-call engineer")
    assert "[Action] I sent status updates to the stakeholders every fifteen minutes." in texts  # 10 words
    assert "[Action] I rolled back the deployment and" in texts  # 12 words: two cues of 6
    assert any(t.startswith("[Result] ") for t in texts) and any(t.startswith("[Task] ") for t in texts)
    starts = [CUE_TIME.match(c[1]).groups() for c in cues]
    assert all(a < b for a, b in starts) and all(len(t.split()) <= 11 for t in texts)  # the part name and 10 words


def test_vtt_escapes_markup():
    vtt = to_vtt(doc_of([("situation", "I saw <b>tags</b> & --> arrows in the logs.")]))
    assert "<b>" not in vtt and "&lt;b&gt;tags&lt;/b&gt;" in vtt and "&amp;--&gt;" in vtt


def test_markdown_has_question_figures_parts_findings_and_transcript():
    doc = doc_of(GOOD_OUTAGE[:4] + GOOD_OUTAGE[11:])  # a short Action
    md = to_markdown(doc)
    assert md.startswith("# Tell me about a time you handled a production outage. (outage-1)\n")
    for expected in ("**Pace:**", "**Length:**", "## STAR parts", "| Situation | 0:00–", "| Action |",
                     "## Findings", "## Transcript", "**Result** ("):
        assert expected in md
    for finding in doc["findings"]:
        assert f"`{finding['code']}`" in md
    assert "restore the service within one hour" in md


def test_markdown_missing_part_and_reply():
    doc = doc_of([s for s in GOOD_OUTAGE if s[0] != "task"])
    assert "| Task | **missing** |" in to_markdown(doc)
    reply = to_markdown(doc, asked="What would you do differently?", level=2)
    assert reply.startswith("## Reply to: What would you do differently?") and "STAR parts" not in reply
    assert "a reply: no target" in reply


def test_review_output_options_are_exclusive(capsys):
    parser = build_parser()
    assert parser.parse_args(["review", "a.wav", "--vtt"]).vtt
    for pair in (["--json", "--vtt"], ["--markdown", "--json"], ["--vtt", "--markdown"]):
        try:
            parser.parse_args(["review", "a.wav", *pair])
        except SystemExit as exc:
            assert exc.code == 2
        else:
            raise AssertionError(f"{pair} accepted together")
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_judged_reply_in_the_terminal_and_markdown():
    from mockvoice.report.terminal import render_brief, render_text

    transcript, _ = build([(None, "Honestly, I wouldn't change anything.")])
    reply = to_dict(analyze(transcript, story=False))
    reply["reply"] = {"asked": "What would you do differently?", "probe": "no_lessons_learned", "answered": False,
                      "evidence": "Honestly, I wouldn't change anything.", "advice": "Name one concrete change.",
                      "expects": "change", "start": 0.0}
    text = render_text(reply, asked="What would you do differently?")
    assert 'Not answered ("Honestly, I wouldn\'t change anything."): Name one concrete change.' in text
    assert render_brief(reply, "What would you do differently?") == "  (reply: not answered — Name one concrete change.)"
    markdown = to_markdown(reply, "What would you do differently?")
    assert "**Not answered** (it probed: no\\_lessons\\_learned)" in markdown and "- Name one concrete change." in markdown
