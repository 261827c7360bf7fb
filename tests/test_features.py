"""Linguistic evidence (mockvoice.analysis.features) and the not-a-story decision (analysis.story)."""
import math

import pytest

from mockvoice.analysis.analyze import analyze
from mockvoice.analysis.features import sentence_features
from mockvoice.analysis.story import is_story, story_names, story_score
from transcripts import GOOD_OUTAGE, build


@pytest.mark.parametrize("text", [
    "I also learned the importance of writing things down.",
    "I learnt that the hard way.",
    "It taught us to test the rollback first.",
    "This experience reinforced how much monitoring matters.",
    "What I took from it is that small pilots win arguments.",
    "If I did it again, I'd involve support from day one.",
    "These days I always check the metrics before I design anything.",
    "If I take one thing from it, it's that the bigger server only buys time.",
    "I always write the problem statement first on a new design.",
    "What I take from nights like that is you don't have to do everything.",
    "My advice to anyone coaching young people is to ask about their life first.",
    "So now every release has a written rollback plan before it gets approved.",
    "I do a dry run on every migration now.",
    "The main thing I'd take away is to ask the nurses first.",
    "We took a lot from that experience about testing early.",
    "If there's one thing I'd tell my younger self, it's to trust the chart and call early.",
    "Lesson for me: profile first, guess later.",
    "If there's a lesson, it's that a go or no-go check comes first.",
    "The biggest lesson was to ask the nurses first.",
    "Lesson: if a rollback isn't rehearsed, it isn't a plan.",
    "What I'd take away is, give people real work early.",
    "So my lesson, choose for the team you can hire.",
    "The thing I regret is the auth provider.",
    "And the big thing I took away was, um, don't trust green dashboards.",
    "Taught me that small chores are worth automating.",
    "The thing I'd carry forward is starting with the threat model.",
    "I walked away knowing that how much feedback you give matters more than how right it is.",
    "I came away convinced that pairing beats documents.",
    "The way I put it to my younger supervisors now is that you don't get to choose the weather.",
    "These days I'd never sign a contract without a trial month first.",          # a resolve, "'d" as would
    "I'll always ask for the raw data before I trust a dashboard.",
    "What I'd take into the next big migration is to rehearse the cutover twice.",  # a long cleft
    "From that week I knew the quiet engineers had the best ideas.",
    "If you ever inherit a codebase nobody understands, make sure you write tests before you touch it.",
    "Over time I came to see that a slow yes beats a fast no.",
    "Since then we demo every feature to support before it ships.",   # a practice kept since
    "Somewhere in week two the penny dropped that nobody read the reports.",
    "I've made it a rule to ask for the raw numbers first.",
    "It drilled into me that a forecast is a guess, not a promise.",
    "I've never since signed off a plan I hadn't walked through myself.",
    "That night really brought home to me how much the crew relied on the checklist.",
])
def test_lessons_in_any_wording(text):
    assert sentence_features(text).lesson


@pytest.mark.parametrize("text", [
    "I learned that the server had run out of disk space.",  # a discovery, but a lesson word: judged in the Result only
])
def test_lesson_words_are_evidence_wherever_they_stand(text):
    assert sentence_features(text).lesson


@pytest.mark.parametrize("text", [
    "We rolled back the release and restarted the workers.",
    "To be honest I haven't really changed much since then.",
    "Eventually he moved to another team, so that's their problem now, I guess.",
    "I took the old servers away on a trolley.",
    "I asked my manager for advice on the rollout.",
    "First I look at the logs and I see that the sold flag is always empty for the new items.",
    "We took three people from the support team for a week.",
    "I decided I'd take it on and sort out at least our year group.",  # 'd: what the speaker was going to do
    "The emails basically stopped, I'd get maybe one a month instead of several a week.",  # 'd: used to
    "So that's probably the one I'd talk about.",
    "I teach chemistry at a secondary school in Birmingham.",  # a teacher's lessons are classes
    "Kids lost the first ten minutes of every lesson.",
    "I taught her to open every presentation with the problem.",
    "My first video lesson was a mess, and every lesson we lost mattered.",
    "She showed me breakout rooms and how to share my screen.",
    "I'd never seen a heap dump that size before.",   # 'd as had: the story, not a resolve
    "I'd always wanted to try the new scheduler.",
    "Since then the bridge has carried twice the traffic without a crack.",  # an outcome, not a practice
    "What I noticed was that the queue filled up every night at two.",         # a finding, not a lesson
    "What I did was to split the job in two.",
    "We drove home after the shift and slept for a day.",
])
def test_not_lessons(text):
    assert not sentence_features(text).lesson


@pytest.mark.parametrize("text, blame", [
    ("The vendor changed the API without notice, so our imports failed.", False),
    ("A colleague's migration had a bug, and I helped fix it.", False),
    ("My lead told me she couldn't tell what problem I was solving.", False),
    ("It was nobody's fault really, it's just how integrations are.", False),
    ("It wasn't anyone's fault, the two systems just used different IDs.", False),
    ("Honestly it was no one's fault in particular.", False),
    ("I don't blame them, the spec was vague.", False),
    ("And my staff were getting the blame, and they were fed up.", False),  # blame received, not given
    ("The vendor was to blame for the outage.", True),
    ("We lazy loaded the map and removed two old libraries.", False),
    ("He completely ignored everything I had written.", True),
    ("They hadn't even tested it against real traffic.", True),
    ("The QA team was careless and it was their fault.", True),
    ("The vendor changed the format without telling anyone in advance, so I rewrote the parser.", False),
    ("I shipped it without testing the upgrade path, and that was my mistake.", False),
    ("QA signed it off without actually testing it on older phones.", True),
    ("They never talked to a single customer before writing the requirement.", True),
    ("And they only added older devices later, which they should have had in the first place.", True),
    ("Reviewing the schedule was their job, and they did it every Monday.", False),
    ("They signed it off on Friday, which is literally their job.", True),
    ("He wasn't careless, he just wasn't getting what he needed.", False),  # a judgement denied
    ("He was being described as slow and careless by the team.", False),    # others' words, reported
    ("Their sales guy never bothered to mention the blocklists.", True),
    ("I escalated to our account manager, who was useless.", True),
    ("We made the cutover with two days to spare, no thanks to anyone else.", True),
    ("I paired with our account manager, who was new to the product.", False),
    ("The support person was helpful and walked me through it.", False),
    ("The night staff hadn't been told the patient was high-risk.", False),  # told nothing: not at fault
    ("The night staff hadn't told anyone the patient was high-risk.", True),
    ("Honestly, I spent two days cleaning up someone else's mess.", True),
    ("Apparently sending one email is too much to ask of a team of fifteen people.", True),
    ("I cleaned up the mess the migration left and wrote it up.", False),
    ("First I rang the provider's emergency line and logged the fault.", False),  # a fault: a defect
    ("The outage was entirely the vendor's fault.", True),
    ("It was my fault, I had skipped the check.", False),                        # owned, not blamed
    ("A bad change from one team could block everybody.", False),               # a risk, not an act
    ("The map showed that almost every team was blocked waiting on one service.", False),  # undergone
    ("I chose a gasket our supplier said was equivalent, without running an ageing test.", False),  # my own skip
    ("Then the platform team blocked our release for a week.", True),
    ("The printer went down in the middle of the run, which was typical of that old machine.", False),
    ("Then the night crew picked that moment to complain, which was typical of them.", True),
    ("If the agency had just done their job, we'd have launched on time.", True),
    ("Once I had done my part, I handed the file to the designer.", False),
    ("She wasn't responding when we got to her, so I checked her airway.", False),  # a state of the moment
    ("The contractor never responded to any of my emails.", True),                  # a duty skipped
    ("We lost a day of sales, and frankly that's on the supplier.", True),          # laid at their door
    ("I was on the team that ran the payroll.", False),                             # a place, not a charge
    ("It was on me to get the payroll out.", False),                                # the speaker's own duty
    ("It was a gap in our checks rather than one person's fault.", False),         # a fault denied
    ("Nobody asked me to fix it, but I did.", False),                               # initiative, not blame
    ("They knew about the bug for months and just sat on it.", True),
    ("The vendor waited three weeks, which frankly was negligent.", True),          # a judgement on their act
    ("She never talked about the value the customer was getting.", False),          # a gap, not a duty refused
    ("Our landlord never talked to us about the works.", True),
    ("The real problem was that we never talked to each other.", False),            # the speaker's own team
    ("The regional office, who picked the site, did absolutely nothing to push them.", True),
    ("We did nothing about it for a week.", False),                                 # the speaker's own side
    ("The patch did nothing to help the latency.", False),                          # a thing, not a party
    ("They sat on the approvals for six weeks.", True),
    ("He sat on the safety board for six years.", False),
    ("Between them they had set it up to fail.", True),
    ("The landlord, frankly, was a nightmare from day one.", True),
    ("It was a total nightmare for the whole team.", False),                        # a situation, not a party
    ("I asked the pickers, because they knew which aisles were a nightmare.", False),  # said of aisles
    ("Our account manager, who was useless, never called back.", True),
])
def test_blame_is_an_accusation_not_a_cause(text, blame):
    assert sentence_features(text).blame is blame


@pytest.mark.parametrize("text, n", [
    ("One of the engineers paired with me.", 0),
    ("No one noticed until Monday.", 0),
    ("Check-in was working again thirty-five minutes later.", 1),
    ("We cut the bill by 40% within a day.", 2),
    ("Latency doubled, then halved again.", 2),
    ("We finished fourth.", 1),
    ("Never trust code a third party hands over.", 0),   # an idiom, not a rank
    ("It was our third outage that month.", 1),
    ("He's someone I still go to for a second opinion.", 0),   # an ordinal, not a duration
    ("It came back within a second or two.", 2),
])
def test_quantities(text, n):
    assert sentence_features(text).quantities == n


@pytest.mark.parametrize("text", [
    "I had about six weeks before the deadline to reproduce every figure.",   # a time to do it in
    "We had two days to move everything off the old cluster.",
    "So the question for me was how to pick who gets the discount.",          # the task as a question
    "The challenge I had was getting three teams to agree on one format.",
    "I took on coordinating the team and making sure we had a working demo.",  # ownership taken
    "All three were mine to deliver, and nobody else knew the models.",
    "Our lead asked the two of us to come back with a single recommendation.",  # the job given to the speaker
])
def test_a_task_in_other_words_is_a_goal(text):
    assert sentence_features(text).goal


@pytest.mark.parametrize("text", [
    "Nobody on the team could reproduce it on their own phones.",  # "own" an adjective, not owning
    "Nobody had asked me to look at it, but it bothered me.",
])
def test_not_goals(text):
    assert not sentence_features(text).goal


def test_having_time_is_not_a_goal_without_something_to_do_in_it():
    assert not sentence_features("We had two days off after the launch.").goal


def test_clauses_carry_subject_tense_and_need():
    f = sentence_features("First I needed to understand what was blocking them, so I traced the requests.")
    needs = [c for c in f.clauses if c.need]
    assert needs and needs[0].subject == "i" and needs[0].verb == "need"
    assert f.acts("i") == 1  # "traced"; the need is not an act
    assert sentence_features("We were seeing timeouts every night.").clauses[0].tense == "past"
    assert sentence_features("I wanted a way to spot unhappy customers early.").clauses[0].need  # a need of a means
    assert not sentence_features("I need the report by Friday.").clauses[0].need


@pytest.mark.parametrize("text, subject, verb, tense", [
    ("I re-planned the whole thing around it.", "i", "re-plan", "past"),     # a hyphenated verb
    ("Then I double-checked every config.", "i", "double-check", "past"),
    ("Then the product team dumped a new pricing model on us.", "third", "dump", "past"),  # a compound subject
    ("In month eight, leadership cancelled the project.", "third", "cancel", "past"),  # a bare collective noun
    ("Finance pushed back on the cost.", "third", "push", "past"),
    ("Finance basically never bothered to show up.", "third", "bother", "past"),
    ("The team tagged every resource by owner.", "we", "tag", "past"),      # the speaker's own team
    ("Then our team moved the batch jobs.", "we", "move", "past"),
    ("The platform team moved the batch jobs.", "third", "move", "past"),  # another team
    ("I'd been the one who pitched it.", "i", "be", "past"),         # 'd + participle: had
    ("They'd promised it to a big customer.", "they", "promise", "past"),
    ("They'd send a junior person instead.", "they", "send", "conditional"),  # 'd + base form: would
    ("Outside work I run a small meetup.", "i", "run", "present"),  # a participle that is the base form
    ("Then I set up a meeting with them.", "i", "set", "past"),     # a past that is the base form
    ("I set up a dry run before every release now.", "i", "set", "present"),  # "now": the base form
    ("I could automate a good chunk of that.", "i", "automate", "modal"),  # could, should, might: modal
    ("I would also agree on one metric up front.", "i", "agree", "conditional"),
    ("If I did it again, I would trace real requests first.", "i", "do", "conditional"),  # if + past: unreal
])
def test_clause_subjects_and_verbs_in_their_spoken_forms(text, subject, verb, tense):
    c = sentence_features(text).clauses[0]
    assert (c.subject, c.verb, c.tense) == (subject, verb, tense)


@pytest.mark.parametrize("text, verb, need", [
    ("Reproduced it locally.", "reproduce", False),             # clipped speech drops the "I"
    ("First thing, reproduced it locally.", "reproduce", False),  # after a short verbless preface
    ("Then rewrote the parser over the weekend.", "rewrite", False),
    ("Had to find it before the marketing push.", "have", True),
])
def test_a_clipped_sentence_that_opens_with_a_past_verb_is_the_speakers(text, verb, need):
    c = sentence_features(text).clauses[0]
    assert (c.subject, c.verb, c.tense, c.need) == ("i", verb, "past", need)


@pytest.mark.parametrize("text", [
    "The fix worked on the first try.",        # a noun subject
    "Check the logs before you restart it.",   # an instruction
    "Test cards, same error.",
    "Two weeks out, the date was fixed.",
    "Had he married a kinder woman he might have been happier.",  # an inversion names its subject
])
def test_no_speaker_is_implied_where_a_subject_or_an_instruction_stands(text):
    assert not any(c.subject == "i" for c in sentence_features(text).clauses)


def test_a_noun_that_is_not_followed_by_a_verb_is_no_subject():
    assert sentence_features("It was a finance problem in the end.").clauses[0].subject == "it"
    assert [c.subject for c in sentence_features("We talked to finance about it.").clauses] == ["we"]


@pytest.mark.parametrize("text", [
    "Anita, our head of finance, signed off the budget.",           # across an apposition
    "Then Anita and the two directors chose the vendor.",           # with a partner
])
def test_a_named_colleague_acts_across_an_apposition_or_with_a_partner(text):
    assert sentence_features(text).acts("third") == 1


@pytest.mark.parametrize("text, who, n", [
    ("The storemen did a full recount.", "third", 1),      # a -men noun is people
    ("The clerk chased the missing invoices.", "third", 1),
    ("Sergeant Price looked at the layout.", "third", 1),  # looking at something is an act
    ("It looked bad from the start.", "it", 0),            # looking some way is a state
    ("Took them three weeks.", "i", 0),                     # it took them: a time, not the speaker's act
    ("The reps called every lapsed customer.", "third", 1),  # a plural role
    ("I kept leadership updated.", "third", 0),             # a party as the object, not the subject
])
def test_acts_of_people_in_other_words(text, who, n):
    assert sentence_features(text).acts(who) == n


def test_the_speaker_with_a_partner_is_the_speakers_act_once():
    f = sentence_features("Anita and I chose the vendor, and Omar and Lena wrote the contract.")
    assert (f.acts("i"), f.acts("third")) == (1, 1)


@pytest.mark.parametrize("text, own", [
    ("I helped with the load testing.", 0),
    ("I helped write the release notes.", 0),
    ("I joined the planning meetings and took notes.", 0),
    ("I helped him split the problem into steps.", 1),   # helping a person is the speaker's act
    ("I helped Omar set up his first pipeline.", 1),
    ("I joined the two tables on the customer id.", 1),  # joining data is work of one's own
    ("I sat in on most of the weekly calls.", 0),
    ("I kept the board updated every Friday.", 0),       # keeping others informed of their work
    ("I went along to the planning evenings.", 0),
    ("I helped a bit with the model.", 0),
    ("I printed the drawing sets for the meetings.", 0),  # errands in others' work
    ("I booked the rooms and sent out the invites.", 0),
    ("On the day I handed out and collected the feedback forms.", 0),  # one object for both verbs
    ("I kept the project tracker up to date.", 0),
    ("I printed a new label for every shelf.", 1),        # not an errand's object
    ("I updated the door schedules when they asked me to.", 0),  # done at someone's request
    ("I rewrote the schedule as I was told.", 0),
])
def test_a_supporting_part_is_not_work_of_ones_own(text, own):
    f = sentence_features(text)
    assert f.acts("i") >= 1 and f.acts("i", supporting=False) == own


def test_acts_of_we_and_i_are_counted_apart():
    f = sentence_features("We migrated the tables and then I rewrote the queries and we shipped it.")
    assert (f.acts("we"), f.acts("i")) == (2, 1)


LECTURE = [(None, t) for t in (
    "Today we are going to look at how indexes work in a relational database.",
    "You can think of an index as a sorted copy of one or more columns.",
    "When you run a query, the planner decides whether the index is worth using.",
    "If the table is small, a sequential scan is often cheaper than an index lookup.",
    "Next week you will see how composite indexes change that picture.",
    "For now, remember that every index makes writes a little slower.",
)]


def test_a_lecture_is_not_a_story_and_gets_no_parts():
    transcript, _ = build(LECTURE)
    analysis = analyze(transcript)
    codes = [f.code for f in analysis.findings]
    assert "not_a_story" in codes and analysis.star == ()
    assert not any(c.startswith("missing_") for c in codes)


CALL = [(None, t) for t in (
    "Hi, it's Sam, is now a good time?",
    "Sure, I'm just leaving the gym, what do you need?",
    "The plumber says he can only come on Friday morning, does that work for you?",
    "Friday morning, hmm, I have a dentist appointment at nine.",
    "Could you ask him whether eleven is possible?",
    "Yes, I'll call him back and let you know, and did you pay the gas bill?",
    "I did, last night, it was a bit higher than usual.",
    "Okay, great, speak later, bye.",
)]


def test_a_phone_call_is_not_a_story():
    transcript, _ = build(CALL)
    codes = [f.code for f in analyze(transcript).findings]
    assert "not_a_story" in codes and not any(c.startswith("missing_") for c in codes)


def test_a_question_is_evidence():
    assert sentence_features("Can everyone at the back hear me?").question
    assert not sentence_features("I asked whether everyone could hear me.").question


def test_real_answers_are_stories_even_short_ones():
    for sentences in (GOOD_OUTAGE, GOOD_OUTAGE[:2] + GOOD_OUTAGE[7:9] + GOOD_OUTAGE[-2:]):
        transcript, _ = build(sentences)
        assert "not_a_story" not in [f.code for f in analyze(transcript).findings]


def test_a_short_clip_is_a_story_only_when_the_speaker_says_what_they_did():
    said, _ = build([("result", "I rolled back the release and checkout worked again within ten minutes.")])
    read, _ = build([(None, "The committee met on Tuesday and the vote was postponed until spring.")])
    assert "not_a_story" not in [f.code for f in analyze(said).findings]
    assert [f.code for f in analyze(read).findings if f.code.startswith(("not_a", "missing_"))] == ["not_a_story"]


def test_a_recording_is_judged_by_how_much_its_sentences_read_as_a_storys():
    model = {"weights": {"bias": 0.0, "c=i:past": 4.0}, "threshold": 0.6}
    told = sentence_features("I rolled back the release.")
    read = sentence_features("The vote was postponed until spring.")
    assert story_score([told, read], model) == pytest.approx((1 / (1 + math.exp(-4)) + 0.5) / 2)
    assert is_story([told, told], model) and not is_story([read, read], model)
    assert not any(n.startswith(("x=", "len=", "first")) for n in story_names(told))  # where it sits says nothing


@pytest.mark.parametrize("text, who, n", [
    ("Marcus did most of the design and worked out the timber frame with the engineers.", "third", 2),
    ("I printed the report, and updated some of the figures.", "i", 2),
    ("We shipped it to one region and then rolled it out to everyone.", "we", 2),
    ("We built a cache and tested code paths.", "we", 1),        # "and tested code": no object after it
    ("Gill makes the call to lower him down the gully.", "third", 0),  # in the present: not a past act
])
def test_verbs_joined_by_and_are_acts_of_the_same_subject(text, who, n):
    assert sentence_features(text).acts(who) == n


def test_a_named_person_acts_in_a_story_told_in_the_present():
    f = sentence_features("Our team leader, Gill, makes the decision to lower him down the gully.")
    assert f.acts("third", ("present",)) == 1


@pytest.mark.parametrize("text", [
    "We spent a week watching how they actually worked.",   # inside "how": no event of the story
    "Grace found out what they changed.",
    "I was carrying the radio the whole way down.",          # what was going on, not an event
    "I'm carrying the radio and a bag of kit.",
])
def test_embedded_and_ongoing_clauses_are_not_acts(text):
    f = sentence_features(text)
    assert f.acts("they", ("past", "present")) == 0 and f.acts("i", ("past", "present")) == 0


@pytest.mark.parametrize("text", ["Tom handled the press side.", "Grace rewrote the whole plan."])
def test_a_name_that_is_also_a_word_opens_a_sentence_as_a_person(text):
    assert sentence_features(text).acts("third") == 1


def test_an_acronym_or_a_thing_is_not_a_named_person():
    f = sentence_features("I moved the log onto an engine with bloom filters on the SST blocks.")
    assert not f.blame and f.acts("third", ("past", "present")) == 0
