import pytest

from mockvoice.analysis.analyze import analyze
from mockvoice.analysis.model import Question, Transcript
from transcripts import GOOD_OUTAGE, build

OUTAGE = Question("outage-1", "Tell me about a time you handled a production outage.", "failure", "failure")
DESIGN = Question("design-1", "Tell me about a system you designed.", "system_design", "system_design")


def codes(sentences, question=OUTAGE, **kw):
    transcript, _ = build(sentences, **kw)
    return {f.code for f in analyze(transcript, question).findings}


def replace(part, new_sentences):
    out, done = [], False
    for s in GOOD_OUTAGE:
        if s[0] == part:
            if not done:
                out += [(part, t) for t in new_sentences]
                done = True
        else:
            out.append(s)
    return out


def test_good_story_has_no_content_findings():
    found = codes(GOOD_OUTAGE)
    assert not found - {"too_short", "part_too_short"}


@pytest.mark.parametrize("part", ["situation", "task", "result"])
def test_missing_part_reported_as_fail(part):
    transcript, _ = build([s for s in GOOD_OUTAGE if s[0] != part])
    found = {f.code: f for f in analyze(transcript, OUTAGE).findings}
    assert f"missing_{part}" in found and found[f"missing_{part}"].severity == "fail"


def test_no_quantified_result():
    found = codes(replace("result", ["In the end the service came back and everyone was relieved.",
                                     "I learned to add monitoring before launching anything."]))
    assert "no_quantified_result" in found


def test_lessons_learned_phrasings():
    base = replace("result", ["As a result the service was restored in 45 minutes."])
    assert "no_lessons_learned" in codes(base)
    for lesson in ["Since then I always add alerts first.", "The lesson for me was to test rollbacks.",
                   "Next time I would set up monitoring earlier.", "What I took from it is to test the fallback."]:
        assert "no_lessons_learned" not in codes(base + [("result", lesson)])
    # fuzzy matching leaves the pronoun alone: "it would have" is not "I would have"
    not_a_lesson = ("situation", "Moving the launch date it would have cost us a partner deal.")
    assert "no_lessons_learned" in codes([not_a_lesson, *base])


def test_a_lesson_told_first_is_a_lesson():
    """An answer that opens with what it taught ("The thing I learned was…") before the context:
    the decoding cannot put a Result first, the sentence still reads as one."""
    base = replace("result", ["As a result the service was restored in 45 minutes."])
    opening = ("result", "The thing I learned that night was that rollbacks have to be rehearsed before they are needed.")
    assert "no_lessons_learned" not in codes([opening, *base])


def test_we_instead_of_i_in_action():
    we_actions = [("action", "We joined the call and we checked the dashboards."),
                  ("action", "We reviewed the deployments and we rolled back the release."),
                  ("action", "We sent updates to stakeholders and we added alerts afterwards.")]
    story = [s for s in GOOD_OUTAGE if s[0] != "action"]
    story = story[:4] + we_actions + story[4:]
    assert "low_personal_ownership" in codes(story)
    assert "low_personal_ownership" not in codes(GOOD_OUTAGE)


def test_an_action_told_as_what_others_did_is_low_ownership():
    """Colleagues named or not ("Marcus figured out the fix", "my manager rewrote it") doing the work,
    the speaker only joining in: the Action is not the speaker's."""
    others = [("action", "Marcus and Priya set up the project, and Jonah did the design work."),
              ("action", "When the build broke, Marcus figured out the fix over a weekend."),
              ("action", "My manager rewrote the plan, and Lena built the donations page."),
              ("action", "I joined most of the meetings.")]
    story = [s for s in GOOD_OUTAGE if s[0] != "action"]
    assert "low_personal_ownership" in codes(story[:4] + others + story[4:])
    mine = others[:1] + [("action", "I wrote the API, I tested it and I deployed it."),
                         ("action", "Then I fixed the login bug and I trained the volunteers.")]
    assert "low_personal_ownership" not in codes(story[:4] + mine + story[4:])


def test_an_action_where_i_only_helped_is_low_ownership():
    """Named colleagues did the work and the speaker only helped with it or sat in on it."""
    story = [s for s in GOOD_OUTAGE if s[0] != "action"]
    helped = [("action", "Anita, our lead engineer, traced the leak to the image cache."),
              ("action", "Omar and the platform team rolled out the fix over the weekend."),
              ("action", "I sat in on the incident calls and helped with the status updates.")]
    assert "low_personal_ownership" in codes(story[:4] + helped + story[4:])
    led = helped[:2] + [("action", "I wrote the status updates and I decided when to reopen signups.")]
    assert "low_personal_ownership" not in codes(story[:4] + led + story[4:])


def test_an_action_with_no_act_of_mine_is_low_ownership_however_short():
    """Two things "we" did and nothing the speaker did is the team's Action, terse as it is; a story
    told in the present ("I send two crews up") is still the speaker's."""
    story = [s for s in GOOD_OUTAGE if s[0] != "action"]
    terse = [("action", "We profiled it and found most of the time went into serialization."),
             ("action", "We switched the serializer and batched the pricing calls.")]
    assert "low_personal_ownership" in codes(story[:4] + terse + story[4:])
    present = [("action", "I send two firefighters up the stairs with a hose."),
               ("action", "Then a resident tells me there's a man on the third floor, so I send my last pair in."),
               ("action", "When the second engine arrives, the crew takes over the ladder.")]
    assert "low_personal_ownership" not in codes(story[:4] + present + story[4:])


def test_an_action_of_errands_is_low_ownership_and_a_present_telling_counts_the_present():
    """Colleagues made the calls; the speaker printed, booked and logged. Told in the present, the
    team's present acts are weighed against the speaker's."""
    story = [s for s in GOOD_OUTAGE if s[0] != "action"]
    errands = [("action", "Helen, the lead architect, came up with the concept and ran the client meetings."),
               ("action", "Marcus did the detailed design and worked out the frame with the engineers."),
               ("action", "I printed the drawing sets and booked the rooms for the reviews.")]
    assert "low_personal_ownership" in codes(story[:4] + errands + story[4:])
    mine = errands[:2] + [("action", "I redesigned the drainage myself and I chose the cladding supplier.")]
    assert "low_personal_ownership" not in codes(story[:4] + mine + story[4:])
    present = [("action", "Our team leader, Gill, makes the decision to lower him down the gully."),
               ("action", "Sarah gets him packaged in the vacuum mattress, and the others rig the ropes."),
               ("action", "They do six lowers and swap over on the stretcher."),
               ("action", "I'm carrying the radio, and I hold a torch at the belay points.")]
    assert "low_personal_ownership" in codes(story[:4] + present + story[4:])


def test_no_action_is_no_ownership_finding():
    """With no Action heard there is nothing done to weigh: missing_action says so."""
    story = [s for s in GOOD_OUTAGE if s[0] != "action"]
    found = codes(story[:4] + [("result", "She got the role, and she runs the planning meetings now.")] + story[4:])
    assert "missing_action" in found and "low_personal_ownership" not in found


def test_blaming_others_and_negative_framing():
    blame = GOOD_OUTAGE[:3] + [("situation", "The other team dropped the ball and it was their fault.")] + GOOD_OUTAGE[3:]
    assert "blaming_others" in codes(blame)
    negative = GOOD_OUTAGE[:3] + [("situation", "It was a total nightmare and the process was stupid.")] + GOOD_OUTAGE[3:]
    assert "negative_framing" in codes(negative)
    assert not {"blaming_others", "negative_framing"} & codes(GOOD_OUTAGE)


def test_vague_action():
    vague = replace("action", ["I worked really hard on it and fixed the problem.",
                               "I made things better and kept going until it was done.",
                               "Then I did what was needed and sent updates to stakeholders."])
    assert "vague_technical_details" in codes(vague)


def test_failure_checklist():
    bare = replace("action", ["First I checked the dashboards and found the bad release.",
                              "I rolled back the deployment and restarted the service."])
    bare = [s for s in bare if s[0] != "result"] + [("result", "Checkout worked again and only 5% of orders failed.")]
    found = codes(bare)
    assert {"no_communication", "no_prevention", "no_recovery_time"} <= found
    assert not {"no_communication", "no_prevention", "no_recovery_time"} & codes(GOOD_OUTAGE)


def test_story_checks_only_for_their_story_type():
    assert "no_trade_offs" in codes(GOOD_OUTAGE, DESIGN)
    assert "no_trade_offs" not in codes(GOOD_OUTAGE, OUTAGE)
    assert "no_communication" not in codes(GOOD_OUTAGE[:4] + GOOD_OUTAGE[-2:], None)


def test_timing_findings():
    long_story = GOOD_OUTAGE * 4
    assert "too_long" in codes(long_story, wpm=120)
    assert "too_short" in codes(GOOD_OUTAGE, wpm=150)
    assert "pace_too_fast" in codes(GOOD_OUTAGE, wpm=200)
    assert "pace_too_slow" in codes(GOOD_OUTAGE, wpm=80)
    assert "long_pause" in codes(GOOD_OUTAGE, pauses={6: 3.0})


def test_many_fillers():
    filled = [(p, "um " + t.replace(" and ", " uh and ")) for p, t in GOOD_OUTAGE]
    assert "many_fillers" in codes(filled)


def test_findings_carry_time_and_part():
    transcript, _ = build(replace("result", ["In the end everyone was relieved and I learned a lot."]))
    f = next(f for f in analyze(transcript, OUTAGE).findings if f.code == "no_quantified_result")
    assert f.part == "result" and f.start is not None and f.end > f.start and f.message


def test_no_words_gives_no_speech_finding():
    a = analyze(Transcript((), 5.0), OUTAGE)
    assert [f.code for f in a.findings] == ["no_speech"]
