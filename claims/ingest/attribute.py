"""Attribution: find the statements a sentence attributes to a speaker.

A claim is a statement the text attributes to someone: "X stated that …",
"according to X, …", "… was reported by X", "X's media wing reported …",
"X told Reuters …", '"…," said X', "It added that …" (the previous speaker),
"… was arrested by X on charges of …" (X's accusation), and a quotation that
carries on the previous speaker's words. A sentence may carry several ("…,
while ISIL stated …", "…, an accusation the SDF rejected"), and one cue may name
several speakers ("pro-Kurdish and Coalition sources stated …"): each becomes
its own attribution. Narrative sentences without a speaker carry none.

Who speaks is read as a careful reader would: a title's name in commas ("the UN
envoy for X, Jane Roe, warned") is the speaker; a country's minister or president
speaks for that country's government when the list has it ("Freedonia's prime
minister, John Doe," / '"…," said John Doe, the Freedonian government
spokesman'); "X's media office" is X's own media source when one is listed; a
place after "in" locates the speaker ("the Ministry of Water in Capital City"); a
relative clause ("A resident who returned in May told …") and a verbless aside
(", while at a summit …,") stand between a subject and its verb.

Speakers resolve to sources through the reference aliases (a NameIndex). A
speaker the list does not know is kept as written (`source` None) for the
importer to record as a new source needing review — never dropped and never
guessed into a known source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .literals import ScreenedPattern
from .names import NameIndex, NameMatch
from .trie_pattern import trie_pattern


@dataclass(frozen=True)
class Attribution:
    source: str | None  # slug of a known source, or None for an unknown speaker
    speaker: str  # the speaker as written
    verb: str  # the stance verb as written: "stated", "according to", "denied"
    content: str  # the claimed content
    content_start: int  # offsets of the content within the sentence
    content_end: int
    cue_start: int  # where the cue (verb or "according to") is in the sentence

    @property
    def is_denial(self) -> bool:
        return self.verb.lower() in DENIAL_VERBS or bool(_DENIAL_WORDS.search(self.content))


Speaker = tuple[str | None, str]  # (source slug or None, as written)

# Reporting verbs, in the forms that head an attribution. Base forms ("say")
# only count after "to" ("prompted Trump to announce"): after "would" or "not"
# they rarely report a statement.
_VERB_STEMS = {
    "state": "stated|states|stating",
    "say": "said|says|saying",
    "report": "reported|reports|reporting",
    "announce": "announced|announces|announcing",
    "claim": "claimed|claims|claiming",
    "deny": "denied|denies|denying",
    "confirm": "confirmed|confirms|confirming",
    "acknowledge": "acknowledged|acknowledges|acknowledging",
    "estimate": "estimated|estimates|estimating",
    "warn": "warned|warns|warning",
    "add": "added|adds|adding",
    "declare": "declared|declares|declaring",
    "tell": "told|tells|telling",
    "release": "released|releases|releasing",
    "insist": "insisted|insists|insisting",
    "allege": "alleged|alleges|alleging",
    "maintain": "maintained|maintains",
    "dispute": "disputed|disputes|disputing",
    "dismiss": "dismissed|dismisses|dismissing",
    "reject": "rejected|rejects|rejecting",
    "assert": "asserted|asserts|asserting",
    "admit": "admitted|admits|admitting",
    "reveal": "revealed|reveals|revealing",
    "note": "noted|notes",
    "counter": "countered",
    "accuse": "accused|accuses|accusing",
    "publish": "published",
    "post": "posted",
    "predict": "predicted|predicts|predicting",
    "argue": "argued|argues|arguing",
    "suggest": "suggested|suggests|suggesting",
    "comment": "commented|comments|commenting",
    "proclaim": "proclaimed|proclaims|proclaiming",
    "attribute": "attributed",
    "downplay": "downplayed",
    "urge": "urged|urges|urging",
    "emphasize": "emphasized|emphasised|emphasizing|emphasising",
    "criticize": "criticized|criticised|criticizing|criticising",
    "describe": "described|describes|describing",
    "determine": "determined",
    "continue": "continued",
    "assess": "assessed",
    "give": "gave|gives",
    "show": "showed|shows",
}
# Verbs that report only when a known source is their subject: "Kurdish Twitter
# accounts showed …", not "pictures from the town showed …".
_KNOWN_SPEAKER_ONLY = {"showed", "shows"}
# Base forms that report after "to": "prompted the SOHR to proclaim".
_BASE_FORMS = "announce|proclaim|declare|say|state|claim|deny|confirm|report|criticize|warn"
# As a prefix tree: a flat alternation of ~150 verbs was tried word by word at
# every position of every sentence.
_INFLECTED = trie_pattern(form for forms in _VERB_STEMS.values() for form in forms.split("|"))
# "put the toll at", "put the SDF's losses at", "put the militants' dead at".
_TOLL = (
    r"put (?:the |their |its )?(?:[\w-]+(?:'s|’s|'|’) )?(?:death )?"
    r"(?:toll|casualties|losses|number|dead)\b[^,;.]{0,30}? at"
)
# Lower case only: "United States" is not "states".
_VERB = re.compile(
    rf"\b(?P<verb>{_INFLECTED}|{_TOLL}|responded by (?:stating|saying)"
    rf"|(?<=\bto )(?:{_BASE_FORMS}|publicly (?:{_BASE_FORMS})))\b"
)

DENIAL_VERBS = {
    "denied", "denies", "denying", "rejected", "rejects", "rejecting", "disputed", "disputes",
    "disputing", "countered", "downplayed", "deny", "reject", "dispute", "dismissed",
    "dismisses", "dismissing",
}  # fmt: skip
# A statement that something did not happen or is not so: "the hospital was not
# bombed", "did not hit", "there are no negotiations", "none of them had", "not credible".
_DENIAL_WORDS = ScreenedPattern(
    r"\b(?:denied|denies|rejected the allegations?|was not|were not|not credible"
    r"|did not (?!expect|believe|think|know|want|intend|plan|anticipate)"
    r"|there (?:is|are|was|were) no|none of them)\b",
    re.IGNORECASE,
)

# Verbs that also have a narrative sense: they report only when followed by
# what a statement carries ("released images", not "released 400 prisoners").
_OBJECTS = (
    r"(?:figures|images|pictures|statement|video|footage|photos?|report|data|details|numbers"
    r"|list|assessment)"
)
# A participle before what a statement carries is an adjective: "released reported images".
_ADJECTIVAL_VERB = re.compile(rf"\s+\w+\s+{_OBJECTS}\b", re.IGNORECASE)
_NEEDS_FOLLOWING: dict[str, re.Pattern[str]] = {}
for _verb, _pattern in {
    "release": rf"^\s+(?:(?:new|its|their|the|a|an|reported|official|further)\s+)*{_OBJECTS}",
    "publish": rf"^\s+(?:(?:new|its|their|the|a|an)\s+)*{_OBJECTS}",
    "post": rf"^\s+(?:(?:new|its|their|the|a|an)\s+)*{_OBJECTS}",
    "add": r"^\s*(?:that\b|,|:|\"|“|\.?\s*$)",  # also at the end: '"…," he added.'
    "note": r"^\s*(?:that\b|,|:)",
    "continue": r"^\s*(?:that\b|:)",
    "determine": r"^\s*that\b",
    "describe": r"^\s+(?:how|their|the|its|his|her)\b",
    "attribute": r"^\s+(?:their|the|its|his|her)\b",
    "claim": r"^(?!\s+the\s+lives?\b)",
    # A compound noun, not a warning: "fired warning shots", "ignored warning signs".
    "warn": r"^(?!\s+(?:shots?|signs?|sirens?|lights?|labels?|systems?)\b)",
    "report": r"^(?!\s+captured\b)",
    "confirm": r"^(?!\s+(?:by|dead)\b)",
    # "a figure that X also gave." / "X gave a toll of 40", not "X gave up the town".
    "give": r"^(?:\s*[.,;]|\s*$|\s+(?:(?:the|a|an|its|their|same|similar|new|higher|lower"
    r"|official)\s+)*(?:figures?|tolls?|numbers?|estimates?|count)\b)",
}.items():
    for _form in _VERB_STEMS[_verb].split("|"):
        _NEEDS_FOLLOWING[_form] = re.compile(_pattern, re.IGNORECASE)

# Words right before a verb that make it adjectival, negated, a gerund or a
# compound: "the stated aim", "not confirmed", "accused them of denying",
# "ISIL-claimed".
_NOT_A_REPORT_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|not|never|its|their|his|her|self|un|of|for|without)\s*)$|[-–]$",
    re.IGNORECASE,
)
# Before a participle they make it passive ("it was reported", "has been
# confirmed"); before an -ing form the verb is still active ("SOHR was reporting").
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|be|being|is|are)\s*$", re.IGNORECASE)
# Passive attribution: "as reported by X", "was claimed by X".
_BY_SPEAKER = re.compile(rf"\b(?:{_INFLECTED})\s+by\s+(?:the\s+)?")
# Between one attribution's content and the next verb: the same subject goes on.
_COORDINATED = re.compile(r"[\s,]*(?:and|but)\s+(?:(?:also|then|later|further)\s+)?$", re.I)
_ASIDE_THEN_VERB = re.compile(r"\s*,\s*(?=[a-z])")
_THAT_AFTER_SPEAKER = re.compile(r"\s*[–—,-]?\s*that\b\s*", re.IGNORECASE)
_PASSIVE_AUXILIARY = re.compile(
    r"(?:[\s,]*\b(?:as|was|were|is|are|has|have|had|been|being)\b)+[\s,]*$", re.IGNORECASE
)
_NEGATED_BY = re.compile(r"\b(?:not|never)\s+$", re.IGNORECASE)
_MAY_CITE = ScreenedPattern(r"accord|\bper\b|citing")
_ACCORDING_TO = re.compile(
    r"\b(?:according\s+to|(?:as\s+)?per|citing)\s+(?:both\s+)?(?:the\s+)?", re.IGNORECASE
)
# "detained by X on charges of …": an accusation made by the agent.
_ACCUSED_BY = ScreenedPattern(
    r"\bby\s+(?:the\s+)?(?P<agent>[^,;:()]{1,40}?)\s+"
    r"(?P<cue>on\s+(?:the\s+)?(?:accusations?|charges?|allegations?)\s+(?:of|that))\s+",
    re.IGNORECASE,
)
_REPORTS_FROM = re.compile(
    r"\breports?\s+(?:also\s+)?emerged\W+(?:particularly\s+|notably\s+|mostly\s+)?from\s+(?:the\s+)?",
    re.IGNORECASE,
)

# Clause boundaries: a subject never reaches back across one.
# (The words in one group: at any position at most one branch can match, and
# `re` tries one group of words far faster than several \b branches.)
_CLAUSE_BREAK = re.compile(
    r"[;:]|\b(?:that|which|who|while|whereas|although|though)\b"
    r"|,\s*(?:while|whereas|but|with|although|though)\b",
    re.IGNORECASE,
)
# Where one speaker's content ends because another's begins.
_CONTENT_BREAK = re.compile(
    r"(?:;|,?\s*\b(?:while|whereas|but|although|though)\b|,\s*(?:as|and)\b"
    r"|,\s*(?:an?|the)\s+(?:accusation|allegation|claim|charge|figure|version|account"
    r"|assertion|statement)s?\b)",
    re.IGNORECASE,
)
# A name right after one of these is an object or modifier, not the speaker:
# "backed by the Coalition", "in coordination with the Iraqi Army".
_MODIFIER_BEFORE = re.compile(
    r"\b(?:by|with|from|to|against|for|in|on|at|into|towards|near|of|under|about|between"
    r"|citing|quoting)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the commander of U.S. Central Command": the organisation a role speaks for.
_ROLE_OF = re.compile(
    r"\b(?:commander|spokes\w+|head|chief|director|leader|officials?|members?|representatives?"
    r"|envoy|minister|ministry|office)\s+(?:of|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Names joined into one subject: "The SDF and the coalition", "SDF and SOHR".
_CONJUNCTION = re.compile(r"^\s*(?:,\s*)?(?:and|or|as well as|,)\s+(?:the\s+)?(?:pro-)?$", re.I)
# What may sit between a subject and its verb: a role or body ("leadership",
# "spokesman", "'s official media wing"), a date, an adverb — a few words.
_GAP_LEAD = re.compile(r"^\)?(?:'s|’s)?")
_GAP_ASIDE = re.compile(r"\([^)]{0,40}\)|[,–—]\s*[^,–—;]{1,80}[,–—]")
_GAP_WORDS = 8
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|[,;]\s*|\s)"
    r"(?P<pronoun>[Ii]t|[Hh]e|[Ss]he|[Tt]hey|[Tt]he (?:assessment|report|statement|group))"
    r"(?:\s+(?:also|later|further|then|again|however|instead|had|has|have))*\s*,?\s*$"
)
# "pro-Kurdish and Coalition sources": each adjective names its own sources.
_JOINT_SOURCES = ScreenedPattern(
    r"(?P<first>(?:pro-)?[\w-]+)\s+and\s+(?P<second>(?:pro-)?[\w-]+)\s+"
    r"(?P<noun>sources|media|officials|(?:social media )?accounts)\b",
    re.IGNORECASE,
)
_INSERTION_AT_END = re.compile(r",[^,]{1,40},\s*$")
_DEFINITE_HEAD = re.compile(r"\b[Tt]he\s+(?P<head>[a-z]+)\s*(?:also\s+)?$")
_INVERTED_QUOTE = re.compile(r"[,!?…][\"”]\s*$")
_INVERTED_SPEAKER = re.compile(
    r"^\s+(?P<speaker>(?:one|a|an|the)\s+[a-z]+|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
)
# Between an inverted verb and its speaker: '"…," said an SDF commander.'
_INVERTED_GAP = re.compile(r"\s*(?:(?:one|a|an|the)\s+)?", re.IGNORECASE)
_QUOTE_OPEN = re.compile(r"^\s*[\"“]")
# A person's title: "envoy", "deputy prime minister", "spokesman".
_ROLE_WORDS = (
    r"(?i:envoy|minister|president|spokes(?:man|woman|person)|secretary|ambassador|commander"
    r"|chief|head|director|leader|governor|mayor|official|adviser|advisor|representative"
    r"|premier|chancellor)"
)
_PERSON_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|da|van|von|bin|al-\w+))*"
# "The UN envoy for Syria, Jane Roe," / "Ruritania's deputy prime minister, John Doe,":
# the name in commas is who the title belongs to.
_APPOSITIVE_NAME = re.compile(
    rf"(?P<role>(?:[\w'’.-]+\s+){{0,4}}?{_ROLE_WORDS}(?:\s+(?:for|of|to)\s+(?:the\s+)?"
    rf"{_PERSON_NAME})?)\s*,\s*(?P<name>{_PERSON_NAME})\s*,\s*$"
)
# '"…," said John Doe, the Ruritanian government spokesman, on 3 May.'
# A noun phrase, not a participle clause ("…, referring to the ISIL leader").
_APPOSITIVE_ROLE = re.compile(
    rf"\s*,\s*(?P<role>(?:(?:the|a|an)\s+|(?=[A-Z]))[^,;.]{{0,60}}?\b{_ROLE_WORDS})\b"
)
# A country's minister, president or government spokesman speaks for its government:
# "Ruritania's foreign minister", "US Vice President John Doe".
_GOVERNMENT_TITLE = re.compile(
    r"^(?:[Tt]he\s+)?(?P<country>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*?)(?:'s|’s)?\s+"
    r"(?i:(?:(?:deputy|vice|acting|prime|foreign|defen[cs]e|interior|government)\s+)*"
    r"(?:minister|president|spokes(?:man|woman|person)|premier))\b"
)
# Capitalised words that start a sentence or clause without being a name.
_NOT_A_NAME = {
    "the", "on", "in", "by", "at", "after", "before", "meanwhile", "however", "later",
    "also", "then", "furthermore", "moreover", "during", "since", "despite", "although",
    "as", "with", "this", "that", "these", "those", "it", "he", "she", "they", "we", "there",
    "both", "some", "many", "several", "one", "two", "and", "but", "while", "a", "an",
    "in addition", "overnight", "instead", "only", "still", "finally",
}  # fmt: skip
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|al-\w+|of|the|for|and|de|el-\w+|ad-\w+)$")
_ADVERBS_BEFORE_VERB = {"also", "later", "then", "again", "further", "too", "publicly"}
_GENERIC_SPEAKER_NOUN = re.compile(r"^(?:reports|sources|officials|media|accounts)$")
# Unnamed people who can say something specific: "interviewed evacuees described …".
_PEOPLE_NOUN = re.compile(
    r"^(?:evacuees|witnesses|residents|survivors|activists|civilians|refugees|detainees)$"
)
_MEDIA_ARM = re.compile(
    r"^(?:'s|’s)\s+(?:official\s+)?(?:media\s+(?:office|wing|centre|center|department)"
    r"|press\s+office)\b",
    re.IGNORECASE,
)
_LOCATED_IN = re.compile(r"\s+in\s+(?:the\s+)?$")
# One unnamed person: "a local resident", "one witness".
_ONE_PERSON = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne)\s+(?:[a-z-]+\s+)?(?:evacuee|witness|resident|survivor|activist"
    r"|civilian|refugee|detainee)$"
)
_WHILE_ASIDE = ScreenedPattern(
    r",\s*while\s+(?:at|in|on|during|visiting|attending|speaking|travelling|traveling)\b"
    r"[^,;]{1,200},"
)
_LOWER_WORD = re.compile(r"^[a-z][a-z-]*$")
# "X launched its final assault … and declared victory": one subject, two verbs.
_COORDINATED_VERB = re.compile(r"^[^;:,]{0,160}\band\s+(?:later\s+|then\s+|also\s+)?$")

_LEAD_DATE = (
    r"(?:later\s+)?(?:(?:on|in|by|during)\s+(?:the\s+)?|the\s+(?=same|next|following))"
    r"(?:(?:\d{1,2}\s+)?[A-Z][a-z]+(?:\s+\d{4})?"
    r"|(?:same|next|following)\s+(?:day|morning|evening|night|week))"
)
# "to Talk Media News", "Reuters", "reporters"
_LEAD_ADDRESSEE = r"(?:to\s+)?(?:\*?(?:[A-Z][\w.-]*\s*)+\*?|reporters|journalists|the\s+press)"
_LEAD_MEDIUM = (
    r"(?:on\s+Twitter|in\s+a\s+(?:press\s+)?statement|also|later|however|meanwhile|publicly)"
)
_LEAD = re.compile(
    rf"^(?:[\s,:–—-]*(?:{_LEAD_DATE}|{_LEAD_MEDIUM}|{_LEAD_ADDRESSEE})\s*,?)*\s*(?:that\b\s*)?"
)
_QUOTE_CHARS = "\"“”'‘’"


@dataclass(frozen=True)
class _Cue:
    start: int  # where the cue begins (the verb, or "according to")
    end: int
    verb: str
    kind: str  # "verb", "according" (speaker after the cue), "by" (passive), "accusation"


class Attributor:
    """Finds attributions in sentences, one document at a time. It remembers the
    last speaker of the paragraph, so that "It added that …" and a quotation
    carried on into the next sentence resolve."""

    def __init__(self, sources: NameIndex):
        self.sources = sources
        self.last_speaker: Speaker | None = None
        # "the council" after "the Raqqa Civil Council": unknown speakers by head word.
        self.by_head_word: dict[str, Speaker] = {}

    def new_paragraph(self) -> None:
        """A pronoun never reaches back into an earlier paragraph."""
        self.last_speaker = None

    def attribute(self, sentence: str) -> list[Attribution]:
        found: list[Attribution] = []
        cues = self._cues(sentence)
        # Names are looked for only where a cue may need a speaker.
        matches = self.sources.find(sentence) if cues else []
        for cue in cues:
            if any(a.content_start <= cue.start < a.content_end for a in found):
                continue  # reported speech inside a claim: "SOHR stated that the SDF denied …"
            coordinated = [
                a
                for a in found
                if cue.kind == "verb" and _COORDINATED.match(sentence, a.content_end, cue.start)
            ]
            if coordinated:
                # "X denied the charges, and criticized …": the same subject speaks again.
                first = coordinated[-1]
                speakers = [(a.source, a.speaker) for a in found if a.cue_start == first.cue_start]
            else:
                speakers = self._speakers(sentence, cue, matches)
            if cue.verb in _KNOWN_SPEAKER_ONLY:
                speakers = [speaker for speaker in speakers if speaker[0] is not None]
            if not speakers:
                continue
            content_start, content_end = self._content_span(sentence, cue)
            for earlier in found:
                if content_start <= earlier.cue_start < content_end <= cue.start:
                    # "X alleged that …, an accusation Y rejected": Y answers X's content,
                    # not X's verb.
                    content_start, content_end = earlier.content_start, earlier.content_end
                    break
            content = _tidy(sentence[content_start:content_end])
            if not content:
                continue
            for source, speaker in speakers:
                if any(_same_speaker(a, source, speaker) for a in found):
                    continue
                found.append(
                    Attribution(source, speaker, cue.verb, content, content_start, content_end,
                                cue.start)
                )  # fmt: skip
        if not cues and self.last_speaker is not None and _QUOTE_OPEN.match(sentence):
            # A quotation carried on from the previous sentence's speaker (not one
            # with a verb of its own: '"…," said a stranger.' is someone else).
            source, speaker = self.last_speaker
            words = _tidy(_tidy(sentence).strip(_QUOTE_CHARS))
            found.append(Attribution(source, speaker, "said", words, 0, len(sentence), 0))
        if found:
            self.last_speaker = (found[-1].source, found[-1].speaker)
        for attribution in found:
            if attribution.source is None:
                head = attribution.speaker.split()[-1].lower()
                self.by_head_word[head] = (None, attribution.speaker)
        return found

    # --- cues -----------------------------------------------------------------

    def _cues(self, sentence: str) -> list[_Cue]:
        cues: list[_Cue] = []
        lowered = sentence.lower()
        # Cheap substring tests first: most sentences carry none of these cues.
        for match in _ACCORDING_TO.finditer(sentence) if _MAY_CITE.search(lowered) else ():
            cue_word = match.group(0).split()[0].lower()
            verb = {"according": "according to", "citing": "citing"}.get(cue_word, "per")
            cues.append(_Cue(match.start(), match.end(), verb, "according"))
        for match in _REPORTS_FROM.finditer(sentence) if "emerged" in lowered else ():
            cues.append(_Cue(match.start(), match.end(), "reported", "according"))
        for match in _ACCUSED_BY.finditer(sentence) if " on " in lowered else ():
            cues.append(_Cue(match.start("cue"), match.end(), match.group("cue"), "accusation"))
        for match in _BY_SPEAKER.finditer(sentence) if " by " in lowered else ():
            if _NEGATED_BY.search(_before(sentence, match.start())):
                continue  # "not confirmed by the SDF": nobody stated anything
            cues.append(_Cue(match.start(), match.end(), match.group(0).split()[0], "by"))
        for match in _VERB.finditer(sentence):
            if any(c.start <= match.start() < c.end for c in cues):
                continue
            if _inside_quotation(sentence, match.start()):
                continue  # a quoted speaker's own words: '"the Caliph said …," said one mother'
            verb = match.group("verb")
            before = _before(sentence, match.start())
            if _NOT_A_REPORT_BEFORE.search(before):
                continue
            if _PASSIVE_BEFORE.search(before) and not (
                verb.endswith("ing") and _THAT_AFTER_SPEAKER.match(sentence, match.end())
            ):
                continue  # "it was reported"; but "SOHR was reporting that …" reports
            following = _NEEDS_FOLLOWING.get(verb.split()[-1].lower())
            rest = sentence[match.end() :]
            if following and not following.search(rest):
                continue
            if rest.lstrip().lower().startswith("by "):
                continue  # passive, handled as a "by" cue
            if _VERB.match(rest.lstrip()) and not _ADJECTIVAL_VERB.match(rest):
                continue  # a noun before the real verb: "military reports said"
            cues.append(_Cue(match.start(), match.end(), verb, "verb"))
        cues.sort(key=lambda c: c.start)
        return cues

    # --- speakers ---------------------------------------------------------------

    def _speakers(self, sentence: str, cue: _Cue, matches: list[NameMatch]) -> list[Speaker]:
        if cue.kind in ("according", "by"):
            return self._speakers_after(sentence, cue, matches)
        if cue.kind == "accusation":
            # "arrested by SDF military police on accusations of …": the agent accuses.
            agent = next(m for m in _ACCUSED_BY.finditer(sentence) if m.end() == cue.end)
            named = [m for m in matches if agent.start("agent") <= m.start < agent.end("agent")]
            return [(named[0].key, named[0].text)] if named else []
        return self._speakers_before(sentence, cue, matches)

    def _speakers_after(self, sentence: str, cue: _Cue, matches: list[NameMatch]) -> list[Speaker]:
        """The names in the phrase after "according to" / "reported by", up to
        the next comma, bracket or clause."""
        start = cue.end
        phrase_end = _speaker_phrase_end(sentence, cue)
        phrase = sentence[start:phrase_end]
        speakers: list[Speaker] = [
            # A name may begin inside the cue: "according to the Syrian Observatory".
            (m.key, m.text)
            for m in matches
            if cue.start <= m.start < phrase_end and m.end > start
        ]
        speakers += self._joint(phrase)
        if not speakers:
            name = _leading_name(phrase) or _generic_speaker(phrase)
            if name:
                speakers.append((None, name))
        return _unique(speakers)

    def _speakers_before(self, sentence: str, cue: _Cue, matches: list[NameMatch]) -> list[Speaker]:
        """The subject before a reporting verb, within its clause."""
        aside = _WHILE_ASIDE.search(sentence, 0, cue.start)
        if aside:
            # "X, while at a summit in Y, said": a verbless aside, not a clause. Blank it.
            blank = " " * len(aside.group(0))
            sentence = sentence[: aside.start()] + blank + sentence[aside.end() :]
            matches = [m for m in matches if not aside.start() <= m.start < aside.end()]
        if _INVERTED_QUOTE.search(_before(sentence, cue.start)):
            return self._inverted_speaker(sentence, cue, matches)
        region_start = 0
        boundaries = list(_CLAUSE_BREAK.finditer(sentence, 0, cue.start))
        if boundaries:
            region_start = boundaries[-1].end()
        region = sentence[region_start : cue.start]
        if (
            boundaries
            and boundaries[-1].group(0).lower() == "who"
            and region.strip()
            and not any(region_start <= m.start < cue.start for m in matches)
        ):
            # "A resident who fled in May told …": the relative clause has its own
            # verb; the speaker is who it describes.
            who = boundaries[-1]
            return self._speakers_before(
                sentence, _Cue(who.start(), who.end(), cue.verb, cue.kind), matches
            )
        if cue.verb.endswith("ing") and region_start == 0 and region.rstrip().endswith(","):
            # "X released his assessment, stating that …": the sentence's subject speaks.
            subjects = [
                m
                for m in matches
                if m.end <= cue.start and not _MODIFIER_BEFORE.search(_before(sentence, m.start))
            ]
            if subjects:
                return [(subjects[0].key, subjects[0].text)]

        in_region = [
            m
            for m in matches
            if region_start <= m.start
            and m.end <= cue.start
            and _names_speaker(sentence[region_start : m.start])
            and not _inside_quotation(sentence, m.start)  # '"… Daesh …," he added'
        ]
        pronoun = _PRONOUN_SUBJECT.search(region)
        if pronoun:
            before = [m for m in in_region if m.end <= region_start + pronoun.start()]
            if before and not region.lstrip().startswith(("It", "He", "She", "They")):
                # "when SDF units captured the hospital, they reported": the antecedent is here.
                return [(before[-1].key, before[-1].text)]
            return [self.last_speaker] if self.last_speaker else []

        joint = self._joint(region)
        if not in_region:
            if joint:
                return joint
            titled = self._titled_speaker(region)
            if titled:
                return [titled]
            region = _INSERTION_AT_END.sub(" ", region)  # "X, for its part, said"
            name = _trailing_name(region)
            if name:
                return [(None, name)]
            earlier = _DEFINITE_HEAD.search(region)
            if earlier and earlier.group("head").lower() in self.by_head_word:
                return [self.by_head_word[earlier.group("head").lower()]]
            return []

        last = in_region[-1]
        gap = sentence[last.end : cue.start]
        if not _plausible_gap(gap) and not _COORDINATED_VERB.search(gap):
            # ("…, and declared victory": the clause's subject does both.)
            name = _trailing_name(region)
            return [(None, name)] if name and not joint else joint
        arm = self._media_arm(last, gap)
        if arm:
            return [arm]
        subject = [last]
        for earlier in reversed(in_region[:-1]):
            if not _CONJUNCTION.match(sentence[earlier.end : subject[0].start]):
                break
            subject.insert(0, earlier)
        return _unique([(m.key, m.text) for m in subject] + joint)

    def _inverted_speaker(
        self, sentence: str, cue: _Cue, matches: list[NameMatch]
    ) -> list[Speaker]:
        """'"…," said Amedia.' / '"…," said one mother.'"""
        after = [
            m
            for m in matches
            if m.start >= cue.end and _INVERTED_GAP.fullmatch(sentence, cue.end, m.start)
        ]
        if after:
            return [(after[0].key, after[0].text)]
        speaker = _INVERTED_SPEAKER.match(sentence[cue.end :])
        if not speaker:
            return []
        written = speaker.group("speaker")
        if written.split()[0] in {"he", "she", "they", "He", "She", "They"}:
            return [self.last_speaker] if self.last_speaker else []
        role = _APPOSITIVE_ROLE.match(sentence, cue.end + speaker.end())
        if role:
            # '"…," said John Doe, the SDF spokesman': the body the title belongs to.
            named = [m for m in matches if role.start("role") <= m.start < role.end("role")]
            if named:
                return [(named[0].key, written)]
            government = self._government(role.group("role"))
            if government:
                return [(government, written)]
        if written.lower().startswith("the "):
            written = written[4:]
        return [(None, written)]

    def _media_arm(self, name: NameMatch, gap: str) -> Speaker | None:
        """ "X's media office said": X's own media source when the list has one
        ("X official media", "X press office"); otherwise X speaks through it."""
        arm = _MEDIA_ARM.match(gap)
        if not arm:
            return None
        for suffix in ("official media", "press office", "official media wing", "media office"):
            key = self.sources.key_for(f"{name.text} {suffix}")
            if key and key != name.key:
                return (key, f"{name.text}{arm.group(0).rstrip()}")
        return None

    def _titled_speaker(self, region: str) -> Speaker | None:
        """A speaker named by a title: "Ruritania's prime minister, John Doe," (the
        government), "The UN envoy for Syria, Jane Roe," (the person),
        "US Vice President John Doe" (the government)."""
        appositive = _APPOSITIVE_NAME.search(region)
        if appositive:
            role, name = appositive.group("role"), appositive.group("name")
            government = self._government(role)
            return (government, f"{role}, {name}") if government else (None, name)
        name = _trailing_name(region)
        government = self._government(name) if name else None
        return (government, name) if government else None

    def _government(self, title: str) -> str | None:
        """The government source a country's minister or president speaks for."""
        words = title.split()
        for start in range(len(words)):  # "Visiting Ankara, US Vice President": any start
            match = _GOVERNMENT_TITLE.match(" ".join(words[start:]))
            if not match:
                continue
            country = match.group("country")
            for written in (f"{country} government", f"Government of {country}"):
                key = self.sources.key_for(written)
                if key:
                    return key
        return None

    def _joint(self, phrase: str) -> list[Speaker]:
        """'pro-Kurdish and pro-coalition sources' → pro-Kurdish sources, pro-coalition sources."""
        speakers = []
        for match in _JOINT_SOURCES.finditer(phrase):
            noun = match.group("noun")
            for adjective in (match.group("first"), match.group("second")):
                for written in (f"{adjective} {noun}", f"pro-{adjective} {noun}"):
                    key = self.sources.key_for(written)
                    if key:
                        speakers.append((key, written))
                        break
        return speakers

    # --- content ----------------------------------------------------------------

    def _content_span(self, sentence: str, cue: _Cue) -> tuple[int, int]:
        if cue.kind == "accusation":
            return cue.end, _content_end(sentence, cue.end, self.sources)
        if cue.kind in ("according", "by"):
            # "reports by X that …", "reports emerged – particularly from X – that …":
            # the content follows the speaker.
            phrase_end = _speaker_phrase_end(sentence, cue)
            that = _THAT_AFTER_SPEAKER.match(sentence, phrase_end)
            if that:
                return that.end(), _content_end(sentence, that.end())
        if cue.kind == "according":
            aside = _ASIDE_THEN_VERB.match(sentence, _speaker_phrase_end(sentence, cue))
            if aside and sentence[: cue.start].rstrip().endswith(","):
                # "SOHR, citing local activists, said that …": what the verb says.
                verb = _VERB.match(sentence, aside.end())
                if verb:
                    return self._content_span(
                        sentence, _Cue(verb.start(), verb.end(), verb.group("verb"), "verb")
                    )
            return _according_content(sentence, cue)
        if cue.kind == "by":
            # "X was reported by Y": the content is what precedes the cue, without
            # its auxiliary ("was", "had been", "as"); "As reported by Y, …": what follows.
            end = len(_PASSIVE_AUXILIARY.sub("", sentence[: cue.start]))
            if end == 0 and sentence[phrase_end:].startswith(","):
                return phrase_end + 1, len(sentence)
            return 0, end
        before = sentence[: cue.start]
        if _INVERTED_QUOTE.search(before):
            opening = re.search(r"[\"“]", before)
            return (opening.end() if opening else 0), len(before.rstrip(' ,"”'))
        start = cue.end
        lead = _LEAD.match(sentence[start:])
        if lead and not cue.verb.lower().startswith("accus"):
            # Not after "accused": "accusing ISIL of …" names the accused, not an addressee.
            start += lead.end()
        if not sentence[start:].strip(" .,") and "," in before:
            # Nothing said after the verb: "…, SOHR reported." / "…, an accusation
            # the SDF rejected." / "…," a commander told Reuters on 22 June. —
            # the content came first.
            return _content_before(before)
        return start, _content_end(sentence, start, self.sources)


def _content_end(sentence: str, start: int, sources: NameIndex | None = None) -> int:
    """A second speaker later in the sentence ends this one's content: after a
    clause break ("…, while ISIL stated …"), or after a comma that runs two
    statements together ("…, Some local sources stated that …")."""
    for later in _VERB.finditer(sentence, start):
        breaks = list(_CONTENT_BREAK.finditer(sentence, start, later.start()))
        if breaks:
            return breaks[-1].start()
        if sources is not None and sentence[later.end() :].strip(" .,;"):
            comma = sentence.rfind(",", start, later.start())
            if comma != -1 and _is_subject(sentence[comma + 1 : later.start()], sources):
                return comma
    return len(sentence)


def _is_subject(words: str, sources: NameIndex) -> bool:
    """Whether a few words are a speaker standing as a verb's subject: a known
    source or a generic one ("local sources"), capitalised as a clause start."""
    words = words.strip()
    if not words or not words[0].isupper() or len(words.split()) > 5:
        return False
    names = sources.find(words)
    if names and re.fullmatch(r"(?:['’]s)?", words[names[-1].end :]):
        return True
    return bool(_GENERIC_SPEAKER_NOUN.match(words.split()[-1]))


def _content_before(before: str) -> tuple[int, int]:
    end = before.rfind(",")
    opening = re.match(r"\s*[\"“]", before)
    start = opening.end() if opening else 0
    return start, len(before[:end].rstrip(' ,"”'))


def _speaker_phrase_end(sentence: str, cue: _Cue) -> int:
    """Where the speaker phrase after "according to X" / "reported by X" ends:
    at the next comma, bracket, dash, "that" or date."""
    tail = sentence[cue.end :]
    stop = re.search(r"[,;:.()–—]|\b(?:that|on \d|in \w+ \d{4})\b", tail)
    return cue.end + (stop.start() if stop else len(tail))


def _according_content(sentence: str, cue: _Cue) -> tuple[int, int]:
    """'According to X, content.' or 'content, according to X.'"""
    tail = sentence[cue.end :]
    comma = tail.find(",")
    before = sentence[: cue.start].rstrip(" ,(")
    if len(before) > 20:
        return 0, len(before)
    # "According to X, …, while Y stated …": Y's words are not X's.
    if comma != -1:
        return cue.end + comma + 1, _content_end(sentence, cue.end + comma + 1)
    return cue.end, _content_end(sentence, cue.end)


# The `…$` patterns above look at the last few words before a position; giving
# them only those words keeps `search` from trying every earlier start.
_LOOK_BEHIND = 80


def _before(sentence: str, position: int) -> str:
    return sentence[max(0, position - _LOOK_BEHIND) : position]


def _plausible_gap(gap: str) -> bool:
    """Whether a subject can stand this far from its verb: a role or body
    ("leadership", "spokesman", "'s official media wing"), a date, an aside in
    commas, dashes or brackets — a few words, no clause break."""
    gap = _GAP_LEAD.sub("", gap, count=1)
    gap = _GAP_ASIDE.sub(" ", gap, count=2)
    return ";" not in gap and len(gap.replace(",", " ").split()) <= _GAP_WORDS


def _names_speaker(before: str) -> bool:
    """Whether a name after `before` can be (part of) the speaker: not the object
    of a preposition ("backed by the Coalition"), unless a role speaks for it."""
    before = before[-_LOOK_BEHIND:]
    return not _MODIFIER_BEFORE.search(before) or bool(_ROLE_OF.search(before))


def _inside_quotation(sentence: str, position: int) -> bool:
    before = sentence[:position]
    curly_open = before.count("“") - before.count("”")
    return curly_open > 0 or before.count('"') % 2 == 1


def _same_speaker(attribution: Attribution, source: str | None, speaker: str) -> bool:
    if source is not None:
        return attribution.source == source
    return attribution.source is None and attribution.speaker.casefold() == speaker.casefold()


def _leading_name(phrase: str) -> str:
    words = []
    for word in phrase.split():
        cleaned = word.strip(_QUOTE_CHARS + "()*")
        if _NAME_WORD.match(cleaned):
            words.append(cleaned)
        else:
            break
    return _tidy_name(words)


def _generic_speaker(phrase: str) -> str:
    """An unnamed but specific speaker: "media reports", "frontline sources"."""
    words = phrase.split()
    if 1 <= len(words) <= 3 and _GENERIC_SPEAKER_NOUN.match(words[-1]):
        return " ".join(words)
    return ""


def _trailing_name(region: str) -> str:
    """The capitalised name right before the verb: "The Raqqa Civil Council",
    "Frontline reports"."""
    words = region.split()
    while words and words[-1].lower() in _ADVERBS_BEFORE_VERB:
        words.pop()  # "the Raqqa Civil Council also gave"
    generic = ""
    if words and _GENERIC_SPEAKER_NOUN.match(words[-1]):
        generic = words.pop()
    name: list[str] = []
    for word in reversed(words):
        cleaned = word.strip(_QUOTE_CHARS + "()*,")
        if word.endswith(",") and name:
            break
        if _NAME_WORD.match(cleaned):
            name.insert(0, cleaned)
        else:
            break
    tidy = _tidy_name(name)
    if tidy:
        # From the name's first word on: "the envoy for Ruritania" is no speaker "Ruritania".
        before = region[: region.rfind(" " + tidy.split()[0]) + 1]
        if _MODIFIER_BEFORE.search(before):
            # "The Ministry of Agriculture in Capital City": the place locates the speaker.
            located = _LOCATED_IN.search(before)
            head = _trailing_name(before[: located.start()]) if located else ""
            if sum(word[0].isupper() for word in head.split()) >= 2:
                return head
            return ""  # "in coordination with the Iraqi Armed Forces": not the speaker
    if tidy and generic:
        return f"{tidy} {generic}"
    single = _ONE_PERSON.search(" ".join(words))
    if not tidy and not generic and single:
        return single.group(0)  # "a local resident", "one witness"
    if not tidy and not generic and words and _PEOPLE_NOUN.match(words[-1]):
        # "Around two dozen interviewed evacuees": the noun and its modifier.
        modifier = words[-2] if len(words) > 1 and _LOWER_WORD.match(words[-2]) else ""
        if modifier and modifier not in _NOT_A_NAME and not modifier.isdigit():
            return f"{modifier} {words[-1]}"
        return words[-1]
    return tidy


def _tidy_name(words: list[str]) -> str:
    # Connectors never start or end a name.
    while words and (words[0].lower() in _NOT_A_NAME or words[0].lower() in {"of", "for"}):
        words = words[1:]
    while words and words[-1].lower() in {"of", "the", "for", "and"}:
        words = words[:-1]
    if not words or not any(word[0].isupper() for word in words):
        return ""
    return " ".join(words)


def _tidy(text: str) -> str:
    text = re.sub(r"\*+|__", "", text)
    text = " ".join(text.split()).strip(" ,;:–—-")
    if text.endswith("."):
        text = text[:-1]
    return text


def _unique(speakers: list[Speaker]) -> list[Speaker]:
    seen: set[str] = set()
    result = []
    for source, written in speakers:
        marker = source or written.casefold()
        if marker in seen:
            continue
        seen.add(marker)
        result.append((source, written))
    return result
