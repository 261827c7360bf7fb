"""Story files: read and checked (bad files: one line naming the file and the problem), the template."""
import pytest

from mockvoice.stories import StoryError, get_story, load_stories, new_story

GOOD = '''title = "Hotel search cache before the campaign"
type = "system_design"
themes = ["system_design", "optimization"]
target_s = "2:00"
[notes]
situation = ["hotel search p95 of 4 s every Friday"]
action = ["read-through cache in Redis, two-minute expiry"]
result = ["p95 from 4 s to 600 ms"]
lessons = ["profile before designing"]
terms = ["Redis", "request coalescing"]
'''
THEMES = {"system_design", "optimization", "failure"}


def write(folder, name, text):
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


def test_good_story(tmp_path):
    write(tmp_path, "cache-migration", GOOD)
    story = load_stories(tmp_path, THEMES)["cache-migration"]
    assert story.type == "system_design" and story.themes == ("system_design", "optimization")
    assert story.notes["lessons"] == ("profile before designing",) and "terms" not in story.notes
    assert story.terms == ("Redis", "request coalescing") and story.target_s == 120.0


def test_folder_created_on_first_use(tmp_path):
    folder = tmp_path / "stories"
    assert load_stories(folder) == {} and folder.is_dir()


@pytest.mark.parametrize("text, says", [
    ("title = \"x\"\ntype = [", "not valid TOML"),
    (GOOD.replace('"system_design"\n', '"heroics"\n', 1), "type 'heroics' is not one of"),
    (GOOD.split("[notes]")[0] + "[notes]\nsituation = []\n", "no notes yet"),
    (GOOD.split("[notes]")[0], "no notes yet"),
    (GOOD.replace("situation =", "prologue ="), "unknown part 'prologue'"),
    (GOOD.replace('["hotel search p95 of 4 s every Friday"]', '[""]'), "notes.situation must be a list"),
    (GOOD.replace('title = "Hotel search cache before the campaign"', 'title = ""'), "missing or empty 'title'"),
    (GOOD.replace('"2:00"', '"soon"'), "target_s must be a length"),
    (GOOD.replace('"optimization"]', '"heroism"]'), "unknown theme 'heroism'"),
])
def test_bad_story_file_one_line(tmp_path, text, says):
    write(tmp_path, "bad", text)
    with pytest.raises(StoryError) as err:
        load_stories(tmp_path, THEMES)
    assert says in str(err.value) and str(tmp_path / "bad.toml") in str(err.value) and "\n" not in str(err.value)


def test_duplicate_ids(tmp_path):
    write(tmp_path, "a", GOOD)
    write(tmp_path, "b", 'id = "a"\n' + GOOD)
    with pytest.raises(StoryError, match="duplicate story id 'a'"):
        load_stories(tmp_path)


def test_unknown_story_names_the_ones_there_are(tmp_path):
    write(tmp_path, "cache-migration", GOOD)
    with pytest.raises(StoryError, match=r"unknown story 'x' \(stories: cache-migration\)"):
        get_story(load_stories(tmp_path), "x", tmp_path)


def test_new_writes_a_template_that_asks_for_notes(tmp_path):
    path = new_story(tmp_path, "outage", "failure", ["failure"])
    text = path.read_text()
    assert 'type = "failure"' in text and "Communication mentioned" in text and "[notes]" in text
    with pytest.raises(StoryError, match="no notes yet"):
        load_stories(tmp_path)
    with pytest.raises(StoryError, match="already exists"):
        new_story(tmp_path, "outage", "failure", ["failure"])
    with pytest.raises(StoryError, match="lower-case"):
        new_story(tmp_path, "Bad Id", "failure", ["failure"])
    assert 'title = "Outage"' in text
    filled = text.replace("action = []", 'action = ["rolled back the release"]')
    path.write_text(filled)
    assert load_stories(tmp_path)["outage"].notes["action"] == ("rolled back the release",)


def test_one_question_per_story_from_its_themes():
    import random

    from mockvoice.analysis.model import Story
    from mockvoice.interview.bank import BankError, for_stories, load_bank

    bank = load_bank()
    design = Story("a", "A", "system_design", ("system_design", "from_scratch"), {"action": ("x",)})
    outage = Story("b", "B", "failure", ("failure",), {"action": ("x",)})
    questions = for_stories(bank, [design, outage], rng=random.Random(1))
    assert [q.theme in s.themes for q, s in zip(questions, [design, outage])] == [True, True]
    assert [q.id for q in for_stories(bank, [outage, design], allowed={"outage-1", "design-1"})] == ["outage-1", "design-1"]
    with pytest.raises(BankError, match="no question among design-1 answers story 'b'"):
        for_stories(bank, [outage], allowed={"design-1"})
