"""Typing cues: the words around a name that tell what kind of thing it names.

The small model's labels are noisy ("Derbyshire" PERSON, "Defense Hanna Maliar" ORG,
"Leeds" a place in "Leeds 2 Chelsea 1"), so the entity stage weighs these cues above
them:

- an organisation word in the name ("Acme Inc", "Bank of England", "Manchester United");
- a title before it ("Deputy Minister of Defense Hanna Maliar", "CEO Tim Cook");
- a team's slot in a sports report ("Leicestershire beat Somerset", "Leeds 2 Chelsea 1",
  standings rows): clubs named after places are organisations there, countries stay
  places (national teams, as CoNLL-2003 annotates them).

The words are data, ``kg/data/entity_cues.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import EntityKind

SPORT_HEADLINE_WORDS = 1  # a sport word in the first line marks a sports report
SPORT_TEXT_WORDS = 4  # ... or this many sport words in the text
_SCORE = re.compile(r"^\d{1,3}(-\d{1,3})?$|^\d+\.\d+$|^\.\d+$|^\d+-\d+-\d+-\d+$")


@lru_cache(maxsize=1)
def cue_words() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    text = resources.files("kg.data").joinpath("entity_cues.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, words = line.split("\t")
            table[kind] = frozenset(w.strip() for w in words.split(",") if w.strip())
    return table


def is_title_word(token: Token) -> bool:
    return token.lower_.rstrip(".") in cue_words()["person_title"]


def org_cue(span: SpacySpan, place: bool = False) -> bool:
    """An organisation word ends the name, or opens it ("Bank of Japan", "Real Madrid").

    ``place``: the model tagged the name a place; then only the unambiguous words count
    ("Acme Corp", not "West Bank").
    """
    words = [t for t in span if t.is_alpha]
    if len(words) < 2:
        return False
    cues = cue_words()
    last, first = words[-1], words[0]
    if (last.is_title or last.is_upper) and (
        last.lower_ in cues["org_last"] or (not place and last.lower_ in cues["org_last_weak"])
    ):
        return True
    return not place and first.lower_ in cues["org_first"] and (first.is_title or first.is_upper)


def known_org(span: SpacySpan) -> bool:
    """A short form of a well-known organisation ("U.N.", "NATO", "Interfax")."""
    text = span.text
    return (text.isupper() or text.istitle()) and text.lower() in cue_words()["org_name"]


def person_after_title(span: SpacySpan) -> SpacySpan | None:
    """The person's name in a span that follows (or holds) a title.

    "Deputy Minister of Defense Hanna Maliar": the model tags "Defense Hanna Maliar" ORG;
    the words before it are a title and "of", so the span is a department and a name.
    "Minister Hanna Maliar" tagged as one span: the title words are cut off.
    """
    doc = span.doc
    start = span.start
    while start < span.end - 1 and is_title_word(doc[start]):
        start += 1
    if start > span.start:
        tail = doc[start : span.end]
        return tail if _name_like(tail) else None
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and is_title_word(doc[span.start - 2]):
        words = list(span)
        if len(words) >= 3:
            tail = doc[span.end - 2 : span.end]
        elif len(words) == 2:
            tail = doc[span.end - 1 : span.end]
        else:
            return None
        return tail if _name_like(tail) else None
    return None


def _name_like(span: SpacySpan) -> bool:
    return all(t.is_title and t.is_alpha for t in span) and 1 <= len(span) <= 3


def titled(span: SpacySpan) -> bool:
    """A title word right before the name: "CEO Tim Cook", "President Zelensky"."""
    i = span.start - 1
    doc = span.doc
    while i >= 0 and doc[i].text in (".",):
        i -= 1
    return i >= 0 and is_title_word(doc[i]) and (doc[i].is_title or doc[i].is_upper or doc[i].is_lower)


def person_context(span: SpacySpan) -> bool:
    """Words around the name that only a person takes: "Kennedy 's assassin", "the
    assassination of Lincoln", "killing Kennedy", "Kennedy was shot", an age or a person's role
    in apposition ("Merbold, 47,", "Harrington, a professor of political science")."""
    root, cues = span.root, cue_words()
    head = root.head
    if root.dep_ == "poss" and head.lemma_.lower() in cues["person_of"]:
        return True
    for appos in (c for c in root.children if c.dep_ == "appos" and c.i > root.i):
        if _age(appos) or (appos.pos_ == "NOUN" and appos.lemma_.lower() in cues["person_role"]):
            return True  # "Ulf D. Merbold, 47,", "Harrington, a professor of ..."
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in cues["person_of"]:
        return True
    return (
        root.dep_ in ("dobj", "nsubjpass")
        and head.pos_ == "VERB"
        and head.lemma_.lower() in cues["person_patient"]
    )


def _age(token: Token) -> bool:
    """A bare number of years set off by commas after a name: "Merbold , 47 ,"."""
    doc = token.doc
    return (
        token.text.isdigit()
        and 1 <= int(token.text) <= 120
        and doc[token.i - 1].text == ","
        and (token.i + 1 == len(doc) or doc[token.i + 1].is_punct)
    )


# -- sports reports ------------------------------------------------------------------


def _first_line(doc: Doc) -> list[Token]:
    first_line = []
    for t in doc:
        if t.is_space and "\n" in t.text:
            break
        first_line.append(t)
    return first_line


def is_sports_report(doc: Doc) -> bool:
    if "kg_sports" not in doc.user_data:  # asked by several rules: read the Doc once
        words = cue_words()["sport"]
        doc.user_data["kg_sports"] = (
            sum(t.lower_ in words for t in _first_line(doc)) >= SPORT_HEADLINE_WORDS
            or sum(t.lower_ in words for t in doc) >= SPORT_TEXT_WORDS
        )
    return doc.user_data["kg_sports"]


def is_team_sport_report(doc: Doc) -> bool:
    """A sports report whose headline names a team sport (football, cricket, baseball ...)."""
    return any(t.lower_ in cue_words()["team_sport"] for t in _first_line(doc))


def not_a_name(span: SpacySpan) -> bool:
    """ "Men", "Women": capitalised words of sports pages that name nothing."""
    return len(span) == 1 and span[0].lower_ in cue_words()["not_name"]


def team_slot(span: SpacySpan, scores: bool = True) -> bool:
    """The name stands where a team does in a sports report.

    Followed by a score or a standings row ("Leeds 2", "Essex 532-8", "BOSTON 71 62 .534";
    only with ``scores``), subject or object of a sports verb ("Leicestershire beat
    Somerset"), after "against", "v" or a sports verb's preposition ("lost to Kent"), or
    conjoined with a name in such a slot.
    """
    doc = span.doc
    if scores and span.end < len(doc) and _SCORE.match(doc[span.end].text):
        return True
    if span.start > 0 and doc[span.start - 1].lower_ in VERSUS:
        return True
    return _slot(span.root) or any(_slot(c) for c in _conjuncts(span.root))


VERSUS = frozenset({"against", "v", "vs", "v.", "vs.", "versus"})


def _conjuncts(token: Token) -> list[Token]:
    found = []
    head = token
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
        found.append(head)
    found += [c for c in token.children if c.dep_ == "conj"]
    return found


def _slot(token: Token) -> bool:
    cues = cue_words()
    head = token.head
    if token.dep_ == "poss" and head.ent_type_ == "PERSON":
        return True  # "Birmingham 's Gary Breen"
    if token.dep_ in ("compound", "nmod", "poss", "amod") and head.lemma_.lower() in cues["sport_role"]:
        return True  # "Surrey captain Chris Lewis"
    if token.dep_ in ("appos", "compound") and head.lemma_.lower() in cues["team_noun"]:
        return True  # "side Nice"
    if any(
        c.dep_ in ("compound", "appos", "amod") and c.lemma_.lower() in cues["team_noun"]
        for c in token.children
    ):
        return True  # "title rivals Essex"
    if token.dep_ in ("nsubj", "dobj", "nsubjpass") and head.lemma_.lower() in cues["sport_verb"]:
        return True
    if token.dep_ == "pobj":
        if head.lower_ in VERSUS:
            return True
        return (
            head.lower_ in ("to", "with", "over", "from") and head.head.lemma_.lower() in cues["sport_verb"]
        )
    return False


def team_kind(span: SpacySpan, is_country: bool) -> EntityKind | None:
    """The kind a name in a team's slot takes: a club; a country stays a place."""
    return None if is_country else EntityKind.ORGANIZATION
