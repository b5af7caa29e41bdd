"""The sense of an ambiguous trigger in its context: rules from ``kg/data/event_senses.tsv``.

A trigger lemma with rules is typed by the first rule whose conditions all hold; a lemma
whose rules all fail keeps its lexicon type unless a rule says otherwise (a final
``always`` rule with type ``-`` drops it). Conditions look at the trigger's own
dependency neighbourhood and its sentence, and name cue lists of
``kg/data/event_cues.tsv``:

- ``war``: an armed or violent context: a war cue in the sentence, an actor group as
  subject or object, a place as direct object ("seized Kharkiv"), a country as subject
  or possessor in a sentence without sports words ("Russia's advance"), or an article
  dense with war cues;
- ``object(...)``, ``subject(...)``: the trigger's object (direct object, passive
  subject; for a noun, the object of "of", "on", "against", "to", "for", "into",
  "over", "in") or subject (subject, "by" agent; for a noun, its possessor);
- ``head(...)``: the word the trigger depends on ("shell company", "on strike");
- ``modifier(...)``: a compound, adjective or possessive on the trigger ("heart attack");
- ``prep(...)``: a preposition or particle on the trigger ("call for", "pull out");
- ``sentence(...)``: a word anywhere in the sentence;
- ``passive``, ``plural``, ``xcomp`` (the trigger governs a "to"-infinitive),
  ``attributive`` (it modifies a noun: "paid leave", "award-winning"), ``always``.

The sentence cues never count the trigger itself ("raid" is no war cue for "raid").

A cue is a word (matched against a token's lowercased lemma or form), ``@list`` (a cue
list) or ``kind:person|organization|place|group|country|money|percent``. ``!`` negates a condition,
`` & `` joins conditions that must all hold, `` | `` alternatives (``&`` binds tighter).

>>> rules = load_senses()
>>> sorted({r.type for r in rules.rules["shell"]})  # "shelled out $5m" is a payment, a shell company nothing
['-', 'Payment']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from spacy.tokens import Token

from ..model import EntityKind
from .context import DocContext, sentence_of

DATA = Path(__file__).resolve().parent.parent / "data"
SENSES_FILE = DATA / "event_senses.tsv"
CUES_FILE = DATA / "event_cues.tsv"
TESTS = frozenset(
    {
        "war",
        "object",
        "subject",
        "head",
        "modifier",
        "prep",
        "sentence",
        "passive",
        "plural",
        "xcomp",
        "attributive",
        "always",
    }
)
KINDS = {
    "person": EntityKind.PERSON,
    "organization": EntityKind.ORGANIZATION,
    "place": EntityKind.PLACE,
    "group": EntityKind.GROUP,
}
PERSON_PRONOUNS = {"he", "she", "him", "her", "they", "them"}
OBJECT_PREPOSITIONS = {"of", "on", "against", "to", "for", "into", "over", "in"}
# kg's conflict types (the top concepts of its first releases): their participles and compounds
# are events ("the encircled city", "counterattacking forces", "missile attack")
CONFLICT_TYPES = frozenset(
    {
        "Attack",
        "Withdrawal",
        "Capture",
        "Liberation",
        "Killing",
        "Destruction",
        "Encirclement",
        "Victory",
        "Expulsion",
        "Fighting",
        "Advance",
    }
)
WAR_DOC_MIN = 4  # war cues an article needs for its every sentence to count as armed context
WAR_DOC_DENSITY = 0.006  # ... and per token
_CONDITION = re.compile(r"^(!?)([a-z]+)(?:\((.*)\))?$")


class SenseRulesError(ValueError):
    """``event_senses.tsv`` or ``event_cues.tsv`` cannot be read; the message says where."""


@dataclass(frozen=True)
class Condition:
    negated: bool
    test: str
    words: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SenseRule:
    pos: str  # coarse POS, or "*"
    alternatives: tuple[tuple[Condition, ...], ...]  # any of these, each all of its conditions
    type: str  # an event type, or "-" for no event
    line: int = 0


@dataclass(frozen=True)
class SenseRules:
    rules: Mapping[str, tuple[SenseRule, ...]]  # lemma -> rules in file order
    cues: Mapping[str, frozenset[str]]  # cue list name -> words

    def decide(self, ctx: DocContext, token: Token, lemma: str, event_type: str) -> str | None:
        """The trigger's type in context (None: no event); ``event_type`` is the lexicon's.

        Without a rule that holds, the lexicon's type stands, except for a word of the
        families beyond conflict that only modifies a noun ("retirement age", "wedding ring",
        "promised benefits") or is part of a capitalised name mid-sentence (a film called
        "Retirement"): those are no event.
        """
        for rule in self.rules.get(lemma, ()):
            if rule.pos != "*" and rule.pos != token.pos_:
                continue
            if any(all(holds(self, ctx, token, c) for c in conj) for conj in rule.alternatives):
                return None if rule.type == "-" else rule.type
        if ctx.lexicon.top(event_type) not in CONFLICT_TYPES:
            if token.dep_ in ("compound", "amod") and token.head.pos_ == "NOUN" and token.head.i != token.i:
                return None
            if token.pos_ == "PROPN" and token.i != sentence_of(token).start and token.text[:1].isupper():
                return None
        return event_type


def _rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, [c.strip() for c in line.split("\t")]


@functools.lru_cache(maxsize=4)
def load_senses(senses: Path = SENSES_FILE, cues: Path = CUES_FILE) -> SenseRules:
    lists: dict[str, frozenset[str]] = {}
    for number, row in _rows(cues):
        if len(row) < 2:
            raise SenseRulesError(f"{cues}:{number}: expected name, words")
        lists[row[0]] = frozenset(w.strip().lower() for w in row[1].split(",") if w.strip())
    rules: dict[str, list[SenseRule]] = {}
    for number, row in _rows(senses):
        if len(row) < 4:
            raise SenseRulesError(f"{senses}:{number}: expected lemma, pos, when, type")
        lemma, pos, when, event_type = row[:4]
        alternatives = tuple(
            tuple(_condition(c.strip(), lists, senses, number) for c in alternative.split(" & "))
            for alternative in when.split(" | ")
        )
        rules.setdefault(lemma, []).append(SenseRule(pos, alternatives, event_type, number))
    return SenseRules(MappingProxyType({k: tuple(v) for k, v in rules.items()}), MappingProxyType(lists))


def _condition(text: str, lists: Mapping[str, frozenset[str]], path: Path, number: int) -> Condition:
    match = _CONDITION.match(text)
    if not match or match.group(2) not in TESTS:
        raise SenseRulesError(f"{path}:{number}: unknown condition {text!r}")
    negated, test, args = match.group(1) == "!", match.group(2), match.group(3)
    words: set[str] = set()
    kinds: set[str] = set()
    for cue in (a.strip() for a in (args or "").split(",") if a.strip()):
        if cue.startswith("@") and cue[1:] not in lists:
            raise SenseRulesError(f"{path}:{number}: no cue list {cue!r} in event_cues.tsv")
        items = lists[cue[1:]] if cue.startswith("@") else frozenset({cue})
        for item in items:
            if item.startswith("kind:"):
                kinds.add(item[5:])
            else:
                words.add(item)
    unknown = kinds - {*KINDS, "country", "money", "percent"}
    if unknown:
        raise SenseRulesError(f"{path}:{number}: unknown kind {sorted(unknown)[0]!r}")
    return Condition(negated, test, frozenset(words), frozenset(kinds))


# -- the tests -----------------------------------------------------------------------


def holds(rules: SenseRules, ctx: DocContext, token: Token, c: Condition) -> bool:
    return _TESTS[c.test](rules, ctx, token, c) != c.negated


def _matches(ctx: DocContext, tokens: Iterable[Token], c: Condition) -> bool:
    for tok in tokens:
        for t in (tok, *(k for k in tok.children if k.dep_ == "compound")):
            if t.lower_ in c.words or t.lemma_.lower() in c.words:
                return True
            if c.kinds and c.kinds & _kinds(ctx, t):
                return True
    return False


def _kinds(ctx: DocContext, token: Token) -> set[str]:
    found = set()
    entity_id = ctx.token_entity.get(token.i)
    if entity_id is not None:
        entity = ctx.entity(entity_id)
        found.add(entity.kind.value)
        if entity.kind is EntityKind.PLACE and _is_country(entity):
            found.add("country")
    elif token.lower_ in PERSON_PRONOUNS or token.ent_type_ == "PERSON":
        found.add("person")
    elif token.ent_type_ == "ORG":
        found.add("organization")
    if token.ent_type_ == "MONEY":
        found.add("money")
    elif token.ent_type_ == "PERCENT" or token.lower_ in ("%", "percent", "per cent"):
        found.add("percent")
    return found


def _is_country(entity) -> bool:
    from ..gazetteer import gazetteer

    entry = gazetteer().by_id.get(entity.geonameid) if entity.geonameid else None
    return entry is not None and entry.kind == "country"


def objects(token: Token) -> list[Token]:
    if token.pos_ in ("VERB", "AUX"):
        found = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "npadvmod")]
        if token.dep_ == "acl" and token.tag_ == "VBN" and token.head.i != token.i:
            found.append(token.head)  # "figures released on Thursday": the figures were released
        if not found:  # "settled with", "appealed against": the object of the first preposition
            found = [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"][
                :1
            ]
        return found
    return [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS
        for g in c.children
        if g.dep_ == "pobj"
    ]


def subjects(token: Token, depth: int = 0) -> list[Token]:
    if token.pos_ in ("VERB", "AUX"):
        found = [c for c in token.children if c.dep_ in ("nsubj", "csubj")]
        found += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        head = token.head
        if found or depth > 3 or head.i == token.i:
            return found
        if token.dep_ == "relcl":  # "a climber who fell"
            return [head]
        if token.dep_ in ("conj", "xcomp", "advcl"):  # "slipped and fell", "died after falling"
            return subjects(head, depth + 1)
        if token.dep_ == "pcomp" and head.head.i != head.i:
            return subjects(head.head, depth + 1)
        return found
    found = [c for c in token.children if c.dep_ == "poss"]
    found += [g for c in token.children if c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
    if token.dep_ == "dobj" and token.head.pos_ == "VERB":  # "Blair launched an attack"
        found += [c for c in token.head.children if c.dep_ == "nsubj"]
    return found


def _war(rules: SenseRules, ctx: DocContext, token: Token, c: Condition) -> bool:
    cues = rules.cues.get("war", frozenset())
    if _in_sentence(ctx, token, cues):
        return True
    direct = [t for t in token.children if t.dep_ in ("dobj", "nsubjpass")]
    if token.pos_ == "NOUN":  # "the battle of Kharkiv", "the liberation of Kherson"
        direct += [g for c in token.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    actors = subjects(token)
    if token.pos_ == "ADJ" and token.head.i != token.i:  # "trying to come out victorious"
        actors += subjects(token.head)
    if any(_kinds(ctx, t) & {"group", "place"} for t in direct) or any(
        "group" in _kinds(ctx, t) for t in actors
    ):
        return True
    if any("country" in _kinds(ctx, t) for t in actors) and not _in_sentence(
        ctx, token, rules.cues.get("sport", frozenset())
    ):
        return True  # "Russia's advance"; a country's team is told apart by the sports words
    key = ("war article",)
    if key not in ctx.memo:
        hits = sum(t.lemma_.lower() in cues or t.lower_ in cues for t in ctx.doc)
        ctx.memo[key] = hits >= WAR_DOC_MIN and hits >= WAR_DOC_DENSITY * len(ctx.doc)
    return bool(ctx.memo[key])


def _in_sentence(ctx: DocContext, token: Token, words: frozenset[str]) -> bool:
    """Whether a word of ``words`` is in the token's sentence, the token itself apart."""
    sentence = sentence_of(token)
    key = ("sentence words", sentence.start)
    if key not in ctx.memo:
        counts: dict[str, int] = {}
        for t in sentence:
            for w in {t.lemma_.lower(), t.lower_}:
                counts[w] = counts.get(w, 0) + 1
        ctx.memo[key] = counts
    counts = ctx.memo[key]
    own = {token.lemma_.lower(), token.lower_}
    return any(counts.get(w, 0) > (w in own) for w in words if w in counts)


def _object(rules, ctx, token, c) -> bool:
    return _matches(ctx, objects(token), c)


def _subject(rules, ctx, token, c) -> bool:
    return _matches(ctx, subjects(token), c)


def _head(rules, ctx, token, c) -> bool:
    head = token.head
    return head.i != token.i and (
        head.lower_ in c.words or head.lemma_.lower() in c.words or bool(c.kinds & _kinds(ctx, head))
    )


def _modifier(rules, ctx, token, c) -> bool:
    mods = [t for t in token.children if t.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod", "nummod")]
    return any(t.lower_ in c.words or t.lemma_.lower() in c.words or c.kinds & _kinds(ctx, t) for t in mods)


def _prep(rules, ctx, token, c) -> bool:
    return any(
        t.dep_ in ("prep", "prt", "agent", "dative", "advmod") and t.lower_ in c.words for t in token.children
    )


def _sentence(rules, ctx, token, c) -> bool:
    if c.words and _in_sentence(ctx, token, c.words):
        return True
    return bool(c.kinds) and any(c.kinds & _kinds(ctx, t) for t in sentence_of(token) if t.i != token.i)


def _attributive(rules, ctx, token, c) -> bool:
    """A participle or noun modifying a noun: "paid leave", "award-winning", "the ruling party"."""
    return token.dep_ in ("amod", "compound", "npadvmod") and token.head.pos_ in ("NOUN", "PROPN")


def _passive(rules, ctx, token, c) -> bool:
    return any(t.dep_ in ("nsubjpass", "auxpass") for t in token.children)


def _plural(rules, ctx, token, c) -> bool:
    return token.tag_ in ("NNS", "NNPS")


def _xcomp(rules, ctx, token, c) -> bool:
    return any(t.dep_ == "xcomp" for t in token.children)


def _always(rules, ctx, token, c) -> bool:
    return True


_TESTS = {
    "war": _war,
    "object": _object,
    "subject": _subject,
    "head": _head,
    "modifier": _modifier,
    "prep": _prep,
    "sentence": _sentence,
    "passive": _passive,
    "plural": _plural,
    "xcomp": _xcomp,
    "attributive": _attributive,
    "always": _always,
}
