"""Linguistic evidence in a sentence: lemmas, clauses (subject, verb lemma, tense, modality) and the
evidence groups built on them (a lesson, a quantity, blame, an act by "I" or "we").

One place for it, so that the STAR labels (star.py, whose weights are fitted on these features) and
the findings (findings.py) judge by the same evidence: a sentence that carries the lesson of the
Result is the sentence that satisfies `no_lessons_learned`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from mockvoice.analysis.text import HESITATIONS, norm

SUBJECTS = {"i": "i", "we": "we", "they": "they", "he": "other", "she": "other", "it": "it", "you": "you",
            "there": "there", "this": "it", "that": "it", "nobody": "third", "everyone": "third",
            "everybody": "third", "somebody": "third", "someone": "third", "people": "third"}
CONTRACTED = {"i'm": ("i", "be"), "i've": ("i", "have"), "i'd": ("i", "would"), "i'll": ("i", "will"),
              "we're": ("we", "be"), "we've": ("we", "have"), "we'd": ("we", "would"), "we'll": ("we", "will"),
              "they're": ("they", "be"), "they've": ("they", "have"), "they'd": ("they", "would"),
              "it's": ("it", "be"), "there's": ("there", "be"), "that's": ("it", "be"), "you're": ("you", "be"),
              "he's": ("other", "be"), "she's": ("other", "be"), "you'd": ("you", "would")}
# Noun phrases that act as a third party's subject ("the vendor ignored…", "my manager asked…").
THIRD_PARTY_HEADS = frozenset(
    "team vendor manager boss lead client customer colleague colleagues developer developers engineer "
    "engineers contractor contractors supplier provider department management leadership company ops "
    "qa support sales marketing product director ceo cto everyone nobody somebody someone people guy guys "
    "person folks rep representative staff clerk officer officers nurse nurses doctor doctors driver drivers "
    "crew council landlord analyst analysts tester testers technician technicians agency carrier partners "
    "office".split())
# First names that are also words of the dictionary: a person even when they open the sentence ("Grace found it").
NAME_WORDS = frozenset("tom grace mark will bill rose jack frank joy hope faith amber ruby pat sue don ray bob rob "
                       "art dean gene pearl june rich sandy jean jay carol holly iris ivy lily violet dawn heather "
                       "crystal summer chase drew grant lance miles wade hunter penny robin sky page jade olive "
                       "destiny harmony max rex nick sally patty mike gus ben kit hazel daisy poppy rusty "
                       "cliff glen heath".split())
NOT_PEOPLE = frozenset("specimen specimens abdomen stamen".split())
DETERMINERS = frozenset("the our my their his her a that".split())
# Collective nouns that act without an article ("leadership cancelled it", "finance pushed back").
BARE_HEADS = frozenset("leadership management finance legal hr procurement compliance security engineering "
                       "marketing sales support ops qa product design operations".split())
# Prefixes that make a verb of a verb ("re-planned", "co-wrote", "double-checked").
VERB_PREFIXES = frozenset("re co pre de un over under double cross mis out up back".split())
AUXILIARIES = frozenset("be have do will would can could should shall may might must".split())
CONDITIONAL = frozenset("would 'd".split())  # what would happen: a counterfactual, a habit of the past
MODAL = frozenset("could should might".split())  # what was possible or owed
FUTURE = frozenset("will 'll".split())
ADVERBS = frozenset("also then really still first just finally quickly immediately eventually actually "
                    "basically personally always never now later soon only even already again ultimately "
                    "initially myself ourselves instead honestly simply completely totally literally frankly clearly "
                    "obviously mostly".split())
OPENERS = frozenset("and but so then".split())  # words that open a sentence before its clause
NEGATIONS = frozenset("not n't never no didn't don't doesn't wasn't weren't couldn't wouldn't hadn't "
                      "haven't isn't aren't won't".split())
# Verbs of state and of need: they describe a situation or a task, not an act.
STATIVE = frozenset("be have seem look feel know think believe mean remain stay exist contain belong "
                    "depend consist own".split())
# Verbs of opinion: "I think", "I feel" make a monologue, not an account of acts.
OPINION = frozenset("think feel believe guess suppose like love hate hope wish wonder say".split())
NEED = frozenset("need want have must got supposed expect ask tell require".split())

# Evidence groups by lemma (inflection does not matter: learned / learnt / have learned are one).
# ("lesson" and "teach" are a teacher's work too: "I teach maths", "every lesson"; they count in phrases)
LESSON_LEMMAS = frozenset("learn takeaway realize realise reinforce remind hindsight regret "
                          "differently retrospect reflect reflection insight".split())
LESSON_PHRASES = (r"\bnext time\b", r"\bgoing forward\b",
                  # a practice the speaker kept, not an outcome ("since then the street has stayed dry")
                  r"\b(since then|ever since|from then on)( on)? "
                  r"(i|we|i've|we've|i'm|we're|every|each|all|any|no|our|my)\b",
                  r"\b(i|we)('ve| have)? (never|always) since\b",  # "I've never since taken minimum fuel"
                  r"\bthese days\b", r"\blooking back\b", r"\bif i (did|do|had|were) it\b",
                  r"\b(i|we) (would|'d) (have|do|start|make|push|ask|involve|spend|set|get|build|talk|"
                  r"bring|plan|test|check|write|go|try|raise|take|put|add|keep|use)\b",
                  # what the experience showed, not what a colleague showed ("she showed me breakout rooms")
                  r"(^|\b(it|this|that|which|experience|incident|project|episode|night|everything) )(really |also )?"
                  r"(showed|taught) (me|us)\b",
                  r"^lessons?\b", r"\blessons? (for me|for us|learned|learnt)\b",
                  r"\b(the|that|this|one|a) (\w+ )?lessons? (i|we|was|is|here|there|from|of|for)\b",
                  r"\b(if there's|if there is|there's|one|big|biggest|main|real|key|hard|valuable|important|painful|"
                  r"useful|clear) (\w+ )?lessons?\b", r"\bmy (big |biggest |main |real |key |one )?lesson\b",
                  r"\bnow (i|we) (always|make|try|ask|start|check|"
                  r"insist|never|write|set|test|spend|plan|build|do|put|keep|begin|treat|run|book)\b",
                  r"\b(carried|carry|carrying|taken|took|take) (that|this|it) (into|with|forward)\b",
                  r"\b(what|thing|things|one) (that )?(i|we)('d| would| really| also| have| 've)* (take|took|taken|"
                  r"carry|carried|walked) (away|from|forward)\b",
                  # the speaker's advice: a lesson put to others ("what I'd tell my younger self")
                  r"\bmy advice (to|for|would be|is)\b", r"\b(i|we)( would|'d) (tell|advise|recommend)\b",
                  # a practice in place since: "so now every release has a rollback plan"
                  r"\bnow (every|each|all|any|no|our) (\w+ ){0,2}(has|have|is|are|gets|get|goes|go|needs|need|must|"
                  r"runs|run|starts|start|includes|include)\b",
                  # what the speaker took from the experience ("if I take one thing from it", "I took a lot
                  # from that project"), not from a place ("took three people from support")
                  r"\b(take|took|taken|taking) (\w+ ){0,4}(away )?from (it|all (this|that)|(this|that|the) "
                  r"(experience|project|episode|incident|whole thing|job|year|time))\b",
                  r"\b(made me|came to|come to|grew to) (realise|realize|understand|see|appreciate)\b",
                  r"\bthe big(gest)? lesson\b",
                  r"\b(i|we) (still )?(use|follow|apply) (that|this|it) (today|now|since)\b",
                  # a reflective cleft: "what I took from it is that…", "the thing I walked away with was…"
                  # (not what was found or done: "what I noticed was that…", "what I did was to…")
                  r"\b(what|thing) (that )?(i|we)('d| would| really| also| have| 've)* "
                  r"(?!(noticed|found|saw|discovered|heard|spotted|did|do|needed|had|wanted|decided|tried|asked|said|"
                  r"told|got|meant|could|should)\b)\w+( \w+){0,6} (is|was|'s) (that|to|how|just)\b",
                  r"\bthe penny dropped\b", r"\b(made|make|making) it a (rule|habit|point)\b",
                  r"\b(i|we) (now )?make a point of\b",
                  # what the experience made plain: "from this I understood that…", "from that day I knew"
                  r"\bfrom (this|that|it)( \w+){0,2} (i|we) (really |also |finally )?(understood|understand|saw|knew|know)\b",
                  # advice to anyone in the speaker's place: "if you ever mentor someone…, make sure you…"
                  r"^((and|so|but) )?if you (\w+ ){1,14}(make sure|always|never|don't|do not|remember|try to|be sure)\b",
                  r"\b(stuck|stayed) with (me|us)\b",
                  r"\b(walked|came|come|went) away (with|knowing|convinced|thinking|understanding|sure)\b",
                  r"\bkeep (that|this|it) in mind\b",
                  # what the experience pressed on the speaker: "it drilled into me that…", "it hit home"
                  r"\b(drilled|hammered|drummed|burned|burnt|beaten) (that |it )?into (me|us)\b",
                  r"\b(it|that|this) (really |finally |truly )?(hit|brought|drove) (it )?home\b",
                  r"\b(hit|brought|drove|driven) (it )?home (to me|to us|that|how|the)\b")
# Where the speaker says what they do now, after the story ("I do that on every project now"): a habit it left.
# "always" only where it qualifies the speaker's verb ("I always check"; not "the flag is always empty").
HABIT_WORDS = frozenset("now nowadays".split())
RESOLVE_WORDS = frozenset(("always", "never"))
# A goal or a duty of the speaker's: what a Task states ("my job was", "the target was", "it fell to me").
GOAL_LEMMAS = frozenset("goal target job task responsibility responsible mission objective brief assignment "
                        "assign remit mandate deadline charge own owner ownership volunteer requirement".split())
POSSESSIVES = frozenset("my our their his her its your".split())  # "their own phones": "own" an adjective
OWN_POSSESSIVES = frozenset(("my", "our"))  # the speaker's: "my fault" is no blame
GOAL_PHRASES = (r"\b(on|to|with) me\b", r"\bup to me\b", r"\bmy (call|problem|decision)\b",
                r"\b(had|needed|wanted|have|need|want) to\b", r"\b(take|took|taking|takes) ((it|this|that) )?on\b",
                r"\b(is|was|were|are) (all )?mine\b",  # "all three were mine to deliver": the speaker's own
                # the speaker given the job: "our lead asked the two of us to…" (not "nobody asked me to…")
                r"^(?!.*\b(nobody|no one)\b).*\b(asked|told|wanted|needed|tasked|trusted|left|expected|required) "
                r"(\w+ ){0,3}(me|us)( \w+){0,2} to [a-z]",
                r"\bi (decided|chose|offered|agreed|promised|set out) to\b",
                # the task put as the question or challenge the speaker faced
                r"\b(the|my) (real |big |main )?(question|challenge|puzzle) "
                r"(for me|i had|i faced|i was facing|in front of me)\b")
# An outcome: something went up, down, back to normal, or was adopted.
CHANGE_LEMMAS = frozenset("reduce cut drop fall rise increase decrease improve grow double halve triple save "
                          "restore resolve recover adopt promote finish complete launch stabilize stabilise "
                          "disappear vanish shrink speed".split())
# Blame: a third party's fault said outright, a judgement of a person, or a third party failing a duty.
FAULT_WORDS = frozenset("fault blame blamed".split())
RECEIVING = frozenset("get take receive shoulder carry".split())  # "my staff were getting the blame": blame received
DENIERS = frozenset(("nobody's", "noone's"))  # "nobody's fault" ("no one's": a negation)
JUDGEMENTS = frozenset("careless lazy sloppy incompetent clueless negligent irresponsible unprofessional reckless "
                       "useless arrogant nightmare".split())
# Acts that accuse when a third party is their subject ("they ignored", "he refused", "she blocked it").
ACCUSING_VERBS = frozenset("ignore refuse dodge neglect mess screw botch block sabotage".split())
# What a colleague owes: "they hadn't (even) tested it", "he never read it", "nobody told us".
DUTY_VERBS = frozenset("read test check tell answer listen reply review bother follow respond warn inform "
                       "document communicate ask consult".split())
# Nothing done by a party ("the regional office did absolutely nothing to push them"; not "we did
# nothing about it", "the patch did nothing to help"): with a third party's clause in the sentence.
DID_NOTHING = re.compile(r"(?<!\bi )(?<!\bwe )(?<!\bit )(?<!\bthat )(?<!\bthis )\bdid (absolutely |literally |"
                         r"precisely )?nothing (to (help|push|support|stop|fix|chase|sort|prevent)|about it)\b")
# A duty skipped: "they signed it off without actually testing it" (with a third party in the sentence);
# going ahead "without telling us" is how a change is described, not an accusation.
WITHOUT_DUTY = re.compile(r"\bwithout (even |actually |ever |really |once )?(testing|checking|asking|reading|"
                          r"reviewing|consulting|talking|looking|running|thinking)\b")
THIRD = frozenset(("they", "other", "third"))
SPEAKER = frozenset("i me we us myself".split())
PEOPLE = frozenset("her him them me us you people everyone everybody someone colleagues".split())
INFORMED = frozenset("updated informed posted briefed".split())
EMBEDDING = frozenset("how what why where whether".split())  # "watching how they worked", "what they told us"
# What may follow a verb coordinated after "and" ("and worked out the frame", "and updated some of…").
COORD_NEXT = DETERMINERS | PEOPLE | frozenset("it some all most out up down off back over round every each this "
                                              "those these an several both".split())
# Clerical parts in others' work ("printed the drawing sets", "booked the rooms", "formatted the slides"):
# an errand's verb with its usual object within the next four tokens.
ERRANDS = frozenset("print format book send circulate collect photocopy log fetch file hand relay pass order "
                    "tidy distribute keep update".split())
ERRAND_OBJECTS = frozenset("slides deck drawings sets invites invitations room rooms minutes notes actions tracker "
                           "forms times calendar agenda coffee coffees printouts copies handouts paperwork "
                           "messages lunch sandwiches badges".split())
# Done because someone asked ("updated the schedules when they asked me to", "as I was told"): not one's own call.
AT_REQUEST = re.compile(r"\b(when|whenever|as|if|because) (\w+ ){0,2}(asked|told|wanted) (me|us)\b"
                        r"|\bas (i was |we were )?(told|asked|instructed|directed)\b")
MEETINGS = frozenset("meeting meetings call calls demo demos session sessions standup standups workshop workshops "
                     "review reviews".split())
ACCUSING_PHRASES = (r"\bdropped the ball\b", r"\b(they|he|she)\b.*\b(just |simply )?sat on (it|that|this|them)\b",
                    # a duty to talk: "they never talked to us" (not "she never talked about the value")
                    r"\b(?!(i|we|you)\b)\w+ (never|didn't|wouldn't|won't|refused to) (even |once )?(talk|talked|speak|spoke) "
                    r"(to|with)\b", r"\bthrew? (me|us) under the bus\b", r"\bcouldn't be bothered\b",
                    r"\bnot (my|our) (fault|problem)\b", r"\b(wasn't|was not|isn't) (my|our) (fault|problem|job)\b",
                    r"\bno idea what (he|she|they) (was|were) (talking about|doing)\b", r"\bwent over my head\b",
                    r"\bon (him|her|them),? not (me|us)\b", r"\b(wasn't|isn't) (his|her|their) idea\b",
                    r"\bwhich (is|was) (literally |exactly |basically |precisely |kind of )?(their|his|her) "
                    r"(whole |one |entire |only )?job\b",
                    r"\bjob (they're|they are|he's|he is|she's|she is) (there|paid) to do\b",
                    r"\b(they|he|she) should have [^.]*\bin the first place\b", r"\bnot exactly helpful\b",
                    r"\bno thanks to\b", r"\b(someone|somebody|everyone|everybody) else's (mess|mistake|screw-?up)\b",
                    r"\btoo much to ask\b", r"\btypical of (them|him|her)\b",
                    r"\b(had|have) (just |actually |simply |only )?done (their|his|her) (jobs?|part)\b",
                    # a party that let it happen: "sat on the approvals for six weeks", "set it up to fail"
                    r"\b(they|he|she)\b.*\bsat on (\w+ ){1,3}for (\w+ )?(days|weeks|months)\b",
                    r"\bset (it|us|me|them|the \w+) up to fail\b")


def _accuses(toks: tuple[str, ...], lemmas: tuple[str, ...], clauses: list[Clause], joined: str) -> bool:
    if any(t in FAULT_WORDS and not _denied(toks, i) and not RECEIVING.intersection(lemmas[max(0, i - 2):i])
           and (t != "fault" or _someones(toks, i)) for i, t in enumerate(toks)):
        return True
    if any(t in JUDGEMENTS and _judged(toks, clauses, i) for i, t in enumerate(toks)):
        return True  # "the vendor was careless", "they sat on it, which is negligent"
    third = [c for c in clauses if c.subject in THIRD]
    # an accusing act, not a risk ("could block everybody") nor one undergone ("every team was blocked");
    # a duty skipped, not a state of the moment ("he wasn't responding": a patient, a server)
    if any((c.verb in ACCUSING_VERBS and c.tense != "modal" and not c.passive)
           or (c.negated and not c.unable and not c.passive and not c.progressive and c.verb in DUTY_VERBS)
           for c in third):
        return True
    if any(_laid(toks[max(0, i - 2):i]) and _answerable(toks[i + 1:i + 3]) for i, t in enumerate(toks) if t == "on"):
        return True  # "and that's on the contractor": the outcome laid at a third party's door
    if DID_NOTHING.search(joined) and any(c.subject in THIRD for c in clauses):
        return True
    skipped = WITHOUT_DUTY.search(joined)
    if skipped and _doer(clauses, _token_index(joined, skipped.start())) in THIRD:
        return True  # "QA signed it off without testing it", not "I chose it without testing it"
    return any(re.search(p, joined) for p in ACCUSING_PHRASES)


def _judged(toks: tuple[str, ...], clauses: list[Clause], i: int) -> bool:
    """The judgement at i is said of a third party: the nearest clause before it is a party being
    something ("the vendor was careless", "our rep, who was useless"), or of what a party did ("they
    sat on it, which is negligent"); not of a thing ("they knew which aisles were a nightmare")."""
    if re.search(r"\bwhich (\w+ )?(is|was) (\w+ ){0,3}$", " ".join(toks[max(0, i - 6):i]) + " "):
        return any(c.subject in THIRD and c.at < i for c in clauses)
    before = [c for c in clauses if c.at < i]
    near = max(before, key=lambda c: c.at) if before else None
    return bool(near and near.subject in THIRD and near.verb == "be" and not near.negated)


def _laid(before: tuple[str, ...]) -> bool:
    """"that's", "it's", "that was", "this is" just before "on": the outcome is what is laid on someone
    (not "I was on the team")."""
    return bool(before) and (before[-1] in ("that's", "it's") or (len(before) == 2 and before[0] in ("that", "it", "this")
                                                                 and before[1] in ("is", "was")))


def _answerable(after: tuple[str, ...]) -> bool:
    """"them", "him", "her", or a party ("the contractor", "their manager") right after "on"."""
    return bool(after) and (after[0] in ("them", "him", "her")
                            or (after[0] in ("the", "their", "his", "her") and len(after) > 1 and _party(after[1])))


def _doer(clauses: list[Clause], i: int) -> str | None:
    """The subject of the last clause that starts before token i and does something (not "our supplier
    said", a report inside it)."""
    before = [c for c in clauses if c.at < i and c.verb not in OPINION]
    return max(before, key=lambda c: c.at).subject if before else None


def _someones(toks: tuple[str, ...], i: int) -> bool:
    """A fault at i that is somebody's ("their fault", "the vendor's fault", "at fault"), not a defect
    ("I logged the fault", "the same fault reported")."""
    prev = toks[i - 1] if i else ""
    return (prev in POSSESSIVES and prev not in OWN_POSSESSIVES) or prev.endswith("'s") or prev == "at"


def _denied(toks: tuple[str, ...], i: int) -> bool:
    """Whether the fault word at i is denied: a negation or "nobody's" in the three tokens before it
    ("it wasn't anyone's fault", "no one's fault", "I don't blame them", "a gap rather than one person's
    fault")."""
    return any(t in NEGATIONS or t.endswith("n't") or t in DENIERS or t == "than" for t in toks[max(0, i - 3):i])


QUANTITY_WORDS = frozenset("zero two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                           "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
                           "eighty ninety hundred hundreds thousand thousands million millions billion dozen "
                           "dozens half twice double doubled triple tripled halved quadrupled tenfold percent "
                           "percentage quarter couple".split())
# Ordinals that rank an outcome ("we finished fourth"); first and second are too common to count.
ORDINALS = frozenset("third fourth fifth sixth seventh eighth ninth tenth".split())
DURATION_UNITS = frozenset("second seconds minute minutes hour hours day days week weeks month months year years".split())
_DIGIT = re.compile(r"\d")


def _prefixed(token: str) -> tuple[str, str]:
    """("re-", "planned") for a verb with a hyphenated prefix ("re-planned", "double-checked"), else ("", token)."""
    head, _, rest = token.partition("-")
    if rest and "-" not in rest and head in VERB_PREFIXES:
        return head + "-", rest
    return "", token


@lru_cache(maxsize=65536)
def lemma(token: str) -> str:
    """The token's lemma, preferring its verb reading ("learnt" -> learn, "taught" -> teach,
    "re-planned" -> re-plan)."""
    if not token or not token[0].isalpha():
        return token
    prefix, word = _prefixed(token)
    found = _lemmas_of(word)
    for pos in ("VERB", "AUX", "NOUN", "ADJ", "ADV"):
        if pos in found:
            return prefix + found[pos][0].lower()
    return token


@lru_cache(maxsize=65536)
def is_past(token: str) -> bool:
    """A past-tense or past-participle verb form ("built", "decided", "taught", "re-ran"); a participle
    that is also the base form is present ("I run a meetup", "they come in")."""
    from lemminflect import getInflection

    token = _prefixed(token)[1]
    verbs = _lemmas_of(token).get("VERB") or _lemmas_of(token).get("AUX")
    if not verbs:
        return False
    return any(token in (getInflection(v, "VBD") or ()) or (token != v and token in (getInflection(v, "VBN") or ()))
               for v in verbs)


def is_participle(token: str) -> bool:
    """A past form that is not also the base form ("been", "promised"; not "put", "send")."""
    return is_past(token) and lemma(token) != token


@dataclass(frozen=True)
class Clause:
    subject: str        # i we they other it you there third (a third party named by a noun)
    verb: str           # lemma of the main verb
    tense: str          # past present conditional (would) modal (could, should, might) future
    negated: bool
    need: bool          # "I needed to", "we had to", "my job was to": an obligation or goal
    at: int             # token index of the subject (the token before the verb when it is implied)
    unable: bool = False  # "couldn't", "can't": negated ability, not a refusal
    passive: bool = False  # "hadn't been told", "was asked": the subject undergoes the verb
    progressive: bool = False  # "wasn't responding": what was going on, not an event
    support: bool = False  # a supporting part ("helped with the testing", "sat in on the demos"), not one's own work
    embedded: bool = False  # inside "how", "what", "why" ("watching how they worked"): not an event of the story

    @property
    def deed(self) -> bool:
        """The subject does something: an action verb, not negated, not a state, an opinion or a need."""
        return self.verb not in STATIVE and self.verb not in OPINION and not self.negated and not self.need


@dataclass(frozen=True)
class SentenceFeatures:
    tokens: tuple[str, ...]     # normalised, hesitations out
    lemmas: tuple[str, ...]
    clauses: tuple[Clause, ...]
    quantities: int             # numbers, percentages, "doubled", "twice"…
    lesson: bool
    blame: bool
    goal: bool                  # a goal, duty or need of the speaker's
    change: bool                # something went up, down, back or was adopted
    question: bool = False      # asks something ("have you got a minute?", "can everyone see that?")

    def acts(self, subject: str, tenses: tuple[str, ...] = ("past",), supporting: bool = True) -> int:
        """Events in which `subject` does something (an action verb, not negated, not a need; not what
        was going on, "I was carrying the radio"; not undergone, "I was told"; not inside "how they
        worked"), in one of `tenses` (a story may be told in the present: "so I check the logs");
        without the supporting parts ("helped with the testing") when `supporting` is False."""
        return sum(c.subject == subject and c.deed and c.tense in tenses and (supporting or not c.support)
                   and not (c.embedded or c.progressive or c.passive) for c in self.clauses)


def _subject_at(toks: tuple[str, ...], i: int) -> tuple[str, str | None] | None:
    """(subject kind, verb lemma given by a contraction) if a clause's subject stands at i."""
    t = toks[i]
    if t in CONTRACTED:
        return CONTRACTED[t]
    if t in SUBJECTS:
        if t in ("this", "that") and i > 0:  # "this" / "that" start clauses only sentence-initially
            return None
        return SUBJECTS[t], None
    if t == "others" and i and toks[i - 1] == "the":
        return "they", None  # "the others rig the ropes"
    if t == "team" and _owns(toks, i):
        return "we", None
    if t == "who" and i and (_party(toks[i - 1]) or toks[i - 1] in BARE_HEADS):
        return "third", None  # "our account manager, who was useless": the relative stands for the party
    if _party(t) or t in BARE_HEADS:
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if _party(nxt):  # "the product team": the head is the last noun
            return None
        prev = toks[i - 1] if i else ""
        if prev and _verbish(prev) and is_past(prev):
            return None  # "kept leadership updated": the object of a verb, not a subject
        if (_party(t) and (i == 0 or prev in DETERMINERS or _party(prev)
                                        or prev in BARE_HEADS)) or is_participle(_after_modifiers(toks, i + 1)):
            return "third", None
    return None


def _party(token: str) -> bool:
    """A noun for people: a role ("the vendor", "the clerk") or a -man / -men word ("the storemen",
    "the foreman")."""
    return (token in THIRD_PARTY_HEADS or (token.endswith("s") and token[:-1] in THIRD_PARTY_HEADS)
            or (token.endswith(("man", "men")) and len(token) > 4 and token not in NOT_PEOPLE))


def _named_at(raw: list[tuple[str, str]], toks: tuple[str, ...], i: int) -> int | None:
    """A person named as the subject ("Marcus figured out the fix", "Lena and Priya presented it"): a
    capitalised word (not an acronym, not after "the"), not one that only opens the sentence ("Then",
    "Mark" first are words), before a past verb or, in a story told in the present, a verb's third
    person. Where the clause's subject stands: the name, or the token before the verb it reaches
    across an apposition or a partner."""
    word, t = raw[i]
    if (not word[:1].isupper() or not word[1:2].islower() or t in SUBJECTS or t in CONTRACTED
            or (i == 0 and known_word(t) and t not in NAME_WORDS) or (i and toks[i - 1] in DETERMINERS)):
        return None  # "SST blocks", "the Raft log": an acronym or a thing, not a person
    j = _past_name(raw, toks, i + 1)
    nxt = _after_modifiers(toks, j)
    verb = nxt and _verbish(nxt) and (is_past(nxt) or _third_person(nxt))
    return (i if j == i + 1 else j - 1) if verb else None


def _third_person(token: str) -> bool:
    """A verb's third person singular ("makes", "rigs", "goes"): a story told in the present."""
    return token.endswith("s") and lemma(token) != token and _verbish(token)


def _past_name(raw: list[tuple[str, str]], toks: tuple[str, ...], j: int) -> int:
    """Where the verb of a name that ends before j may stand: after an apposition ("Priya, one of the
    senior managers, drew up…") or a partner ("Priya and the partners made…"; not "Priya and I", the
    speaker's own clause)."""
    if raw[j - 1][0].endswith(","):
        close = next((k for k in range(j, min(j + 7, len(raw))) if raw[k][0].endswith(",")), None)
        return close + 1 if close is not None else j
    if j < len(toks) and toks[j] == "and":
        partner = toks[j + 1:j + 5]
        verb = next((k for k, t in enumerate(partner) if _verbish(t) and is_past(t)), None)
        if verb is not None and not SPEAKER.intersection(partner[:verb]):
            return j + 1 + verb
    return j


def known_word(token: str) -> bool:
    """A word of the dictionary (a name is not: "Marcus", "Priya")."""
    return bool(_lemmas_of(token))


def _owns(toks: tuple[str, ...], i: int) -> bool:
    """"the team", "our team", "my whole team" at i: the speaker's own team, which acts as "we"
    ("the platform team", "their team" are another)."""
    before = [t for t in toks[max(0, i - 2):i] if t not in ("whole", "entire")]
    return bool(before) and before[-1] in ("the", "our", "my")


def _time_to_do(toks: tuple[str, ...], j: int) -> bool:
    """"(had) about six weeks before the deadline to reproduce…": a time given to do something."""
    window = toks[j:j + 8]
    if "to" not in window:
        return False
    k = window.index("to")
    return (any(t in DURATION_UNITS for t in window[:k]) and j + k + 1 < len(toks)
            and _verbish(toks[j + k + 1]))


def _clause(toks: tuple[str, ...], i: int, subject: str, given: str | None) -> Clause | None:
    """The clause whose subject is at i: skips adverbs, auxiliaries and negations to the main verb."""
    j, tense, negated, aux, unable, be = i + 1, None, False, given, False, given == "be"
    if given == "would" and toks[i].endswith("'d") and _had(toks, i + 1):
        tense, given, aux = "past", "have", "have"  # "I'd been", "they'd promised": had, not would
    elif given in CONDITIONAL:
        tense = "conditional"
    elif given in MODAL:
        tense = "modal"
    elif given in FUTURE:
        tense = "future"
    while j < len(toks) and j < i + 6:
        t = toks[j]
        lem = lemma(t)
        if t in NEGATIONS or t.endswith("n't"):
            negated = True
            unable = unable or t in ("couldn't", "can't", "cannot")
            lem = lemma(t[:-3]) if t.endswith("n't") else lem
            aux, be = aux or lem, be or lem == "be"
            tense = tense or ("past" if t.startswith(("didn", "wasn", "weren", "hadn", "couldn", "wouldn")) else None)
            j += 1
            continue
        if t in ADVERBS:
            j += 1
            continue
        if lem in AUXILIARIES and j + 1 < len(toks) and (toks[j + 1] in ADVERBS or toks[j + 1] in NEGATIONS
                                                        or _verbish(toks[j + 1])):
            tense = tense or ("conditional" if t in CONDITIONAL else "modal" if t in MODAL
                              else "future" if t in FUTURE else "past" if is_past(t) else None)
            aux, be = aux or lem, be or lem == "be"
            j += 1
            continue
        break
    if j >= len(toks) or not _verbish(toks[j]):  # "she was really quiet": the verb is the auxiliary
        if aux is None:
            return None
        verb, j = aux, j - 1
    else:
        verb = lemma(toks[j])
    if verb == "look" and j + 1 < len(toks) and toks[j + 1] in ("at", "into", "through", "over"):
        verb = "examine"  # "looked at the layout" is an act, "it looked bad" a state
    if tense is None:  # "put", "set", "cut": past or present; "now" in the sentence says present
        tense = "past" if is_past(toks[j]) and not (lemma(toks[j]) == toks[j] and HABIT_WORDS.intersection(toks)) \
            else "present"
    if tense == "past" and i and toks[i - 1] == "if":
        tense = "conditional"  # "if I did it again", "if I'd known": what did not happen
    nxt = toks[j + 1] if j + 1 < len(toks) else ""
    need = ((verb in NEED and nxt == "to") or (verb == "have" and _time_to_do(toks, j + 1))
            or (verb in ("want", "need") and _to_do(toks, j + 1))  # "I wanted a way to spot them"
            or (verb == "be" and nxt in ("supposed", "expected", "asked", "tasked", "responsible", "assigned", "told")))
    return Clause(subject, verb, tense, negated, need, i, unable, be and is_participle(toks[j]),
                  be and toks[j].endswith("ing"), _supporting(verb, toks[j + 1:j + 8]))


def _supporting(verb: str, after: tuple[str, ...]) -> bool:
    """A part in others' work rather than work of one's own: help with a thing ("helped with the
    testing", "helped put the slides together"; helping a person, "helped her plan it", is the
    speaker's act), being in meetings ("sat in on the demos", "joined most of the meetings"), taking
    notes, keeping others informed ("kept leadership updated"), errands ("printed the drawings")."""
    if verb == "help":  # "helped with it", "helped out", "helped put it together"; not "helped her", "helped Omar"
        after = after[2:] if after[:2] in (("a", "bit"), ("a", "little")) else after
        return not after or after[0] in ("with", "out", "on", "to") or (after[0] not in PEOPLE and _verbish(after[0]))
    if verb in ("sit", "join", "attend", "go"):  # "went along to the consultation evenings"
        return bool(MEETINGS.intersection(after)) or (verb != "attend" and after[:1] == ("along",))
    if verb == "keep" and INFORMED.intersection(after[:4]):
        return True
    if verb in ERRANDS and after[:1] in (("out",), ("round",), ("up",)):
        after = after[1:]  # "handed out and collected the feedback forms": the object both verbs share
    if verb in ERRANDS and after[:1] == ("and",) and len(after) > 1 and _verbish(after[1]):
        after = after[2:]
    errand = verb in ERRANDS and bool(ERRAND_OBJECTS.intersection(after[:4]))
    return errand or (verb == "take" and after[:1] == ("notes",))


def _coordinated(toks: tuple[str, ...], clause: Clause, ends: list[int]) -> list[Clause]:
    """More acts of the same subject after "and" ("Marcus did most of the design and worked out the
    frame", "I printed the sets, and updated some of the schedules", "they do six lowers and swap
    over"): a verb in the clause's tense right after "and", then an object or a particle; up to the
    next clause's subject (`ends`)."""
    if not (clause.deed and clause.tense in ("past", "present")):
        return []
    end = min([e for e in ends if e > clause.at] + [len(toks)])
    out = []
    for k in (k for k in range(clause.at + 2, end - 2) if toks[k] == "and"):
        verb = _after_modifiers(toks, k + 1)
        if not verb:
            continue
        j = toks.index(verb, k + 1)
        tensed = is_past(verb) if clause.tense == "past" else (lemma(verb) == verb or _third_person(verb))
        if (tensed and _verbish(verb) and lemma(verb) not in AUXILIARIES
                and j + 1 < end and toks[j + 1] in COORD_NEXT):
            out.append(Clause(clause.subject, lemma(verb), clause.tense, False, False, k,
                              support=_supporting(lemma(verb), toks[j + 1:j + 8])))
    return out


def _requested(joined: str, clauses: list[Clause]) -> list[Clause]:
    """The speaker's acts before "when they asked me to", "as I was told" are supporting parts."""
    m = AT_REQUEST.search(joined)
    if not m:
        return clauses
    at = _token_index(joined, m.start())
    return [replace(c, support=True) if c.subject == "i" and c.at < at else c for c in clauses]


def _token_index(joined: str, pos: int) -> int:
    """The index of the token at character pos of the tokens joined by spaces."""
    return joined[:pos].count(" ")


def _to_do(toks: tuple[str, ...], j: int) -> bool:
    """"(needed) a way to / someone to / the team to <verb>": a "to" and a verb within four tokens."""
    window = toks[j:j + 5]
    k = window.index("to") if "to" in window else 0
    return k > 0 and j + k + 1 < len(toks) and _verbish(toks[j + k + 1])


def _implied(text: str, toks: tuple[str, ...]) -> Clause | None:
    """The speaker's clause of a clipped sentence that opens with a past verb and no subject
    ("Reproduced it locally.", "First thing, had to find it."), after openers ("then", "so") and a
    short verbless preface before a comma; an instruction opens with the base form and stays none."""
    head = [t for t in (norm(x) for x in text.split(",")[0].split()) if t and t not in HESITATIONS]
    preface = not any(_verbish(t) or _party(t) or t in SUBJECTS or t in BARE_HEADS for t in head)
    k = len(head) if "," in text and len(head) <= 3 and preface else 0  # "The landlord, frankly, was…": a subject
    while k < len(toks) and (toks[k] in ADVERBS or toks[k] in OPENERS):
        k += 1
    if k >= len(toks) or not is_past(toks[k]):
        return None
    if lemma(toks[k]) in AUXILIARIES and k + 1 < len(toks) and toks[k + 1] in SUBJECTS:
        return None  # "Had he married…", "Did you…": an inversion names its subject
    if lemma(toks[k]) == "take" and k + 1 < len(toks) and toks[k + 1] in PEOPLE:
        return None  # "Took them three weeks": it took them, a time, not an act
    return _clause(toks, k - 1, "i", None)


def _after_modifiers(toks: tuple[str, ...], j: int) -> str:
    """The first token from j on that is not an adverb or a negation ("" at the end)."""
    while j < len(toks) and (toks[j] in ADVERBS or toks[j] in NEGATIONS):
        j += 1
    return toks[j] if j < len(toks) else ""


def _had(toks: tuple[str, ...], j: int) -> bool:
    """Whether a "'d" before j is "had": the next verb (past adverbs and negations) is a participle."""
    return is_participle(_after_modifiers(toks, j))


@lru_cache(maxsize=65536)
def _lemmas_of(token: str) -> dict:
    """lemminflect's lemmas of a token by part of speech."""
    from lemminflect import getAllLemmas

    return getAllLemmas(token)


def _verbish(token: str) -> bool:
    found = _lemmas_of(_prefixed(token)[1])
    return "VERB" in found or "AUX" in found


def quantity_at(toks: tuple[str, ...], i: int) -> bool:
    """A number, a measure or a rank: '40%', 'thirty-five', 'twice', 'a couple of', 'within a day', 'fourth'."""
    t = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if _DIGIT.search(t) or any(part in QUANTITY_WORDS for part in t.split("-")):
        return True
    if t in ORDINALS:
        return not (t == "third" and nxt in ("party", "parties"))  # "a third party" ranks nothing
    prev = toks[i - 1] if i else ""
    if t in ("a", "an", "one", "the") and nxt in DURATION_UNITS:  # "within a day", "in one hour", "within the hour"
        after = toks[i + 2] if i + 2 < len(toks) else ""
        if nxt == "second" and after.isalpha() and after not in ("or", "and", "later", "ago", "to", "of", "before",
                                                                 "after", "for", "in", "each", "per"):
            return False  # "a second opinion", "a second look": an ordinal
        return t != "the" or prev in ("within", "under", "inside")
    return False


@lru_cache(maxsize=8192)
def sentence_features(text: str) -> SentenceFeatures:
    raw = [(x, norm(x)) for x in text.replace("—", " ").split()]
    raw = [(x, t) for x, t in raw if t and t not in HESITATIONS]
    toks = tuple(t for _, t in raw)
    lemmas = tuple(lemma(t) for t in toks)
    clauses = [c for c in [_implied(text, toks)] if c]
    for i in range(len(toks)):
        found, at = _subject_at(toks, i), i
        if not found and (named := _named_at(raw, toks, i)) is not None:
            found, at = ("third", None), named
        clause = found and _clause(toks, at, *found)
        if clause and at and toks[at - 1] in EMBEDDING:
            clause = replace(clause, embedded=True)
        if clause and all(c.at != at for c in clauses):  # "Lena and Priya presented it": one clause
            clauses.append(clause)
    joined = " ".join(toks)
    ends = [c.at for c in clauses]
    clauses += [c for clause in list(clauses) for c in _coordinated(toks, clause, ends) if c.at not in ends]
    clauses = _requested(joined, clauses)
    habit = any(c.subject == "i" and c.tense == "present" and c.verb not in OPINION and not c.negated
                and (HABIT_WORDS.intersection(toks) or "always" in toks[c.at + 1:c.at + 3]) for c in clauses)
    unchanged = any(c.subject == "i" and c.negated and c.verb in ("change", "learn", "improve") for c in clauses)
    # a resolve for the future: "now I'd never start one without it", "I'll always ask first"
    resolve = any(c.subject in ("i", "we") and c.tense in ("conditional", "future")
                  and RESOLVE_WORDS.intersection(toks[c.at + 1:c.at + 3]) for c in clauses)
    lesson = not unchanged and (bool(LESSON_LEMMAS.intersection(lemmas)) or habit or resolve
                                or any(re.search(p, joined) for p in LESSON_PHRASES))
    blame = _accuses(toks, lemmas, clauses, joined)
    goal = (any(lem in GOAL_LEMMAS and not (lem == "own" and i and toks[i - 1] in POSSESSIVES)
                for i, lem in enumerate(lemmas)) or any(c.need for c in clauses)
            or any(re.search(p, joined) for p in GOAL_PHRASES))
    change = bool(CHANGE_LEMMAS.intersection(lemmas))
    return SentenceFeatures(toks, lemmas, tuple(clauses), sum(quantity_at(toks, i) for i in range(len(toks))),
                            lesson, blame, goal, change, "?" in text)
