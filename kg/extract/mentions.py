"""The mention layer: descriptions ("the company", "police", "a 32-year-old man") and pronouns
("he", "its", "they", "who"), each resolved within the article to what it refers to.

Runs after the named entities are found. Every description or pronoun that refers to an entity
becomes one more mention of it (and ``ctx.token_entity`` maps its tokens to it, so
``ctx.resolve`` answers for it without scanning the Doc). A description that refers to no
named entity starts a thing of its own: if the article mentions it at least twice (two
descriptions, or a description and a pronoun), it is salient and becomes an article-local
entity (:attr:`Status.LOCAL`, typed by its head noun, named by its fullest description);
otherwise it stays an argument mention (:attr:`Status.ARGUMENT`), which events can still
use as an argument. Pronouns that resolve to nothing are dropped.

Resolution, in this order:

1. apposition ("Tim Cook, the company's chief") and predicate nominals ("X is a company");
2. a relative pronoun ("the man who", "the plant, which") refers to the noun it modifies;
3. a definite description refers to the earlier thing with the same head noun ("a man ...
   the man"), else to an entity earlier described by that noun ("actress Lindsay Lohan ...
   the actress"), else to the most mentioned entity of its kind in the last few sentences,
   else to the article's main entity of that kind (mentioned at least twice before);
4. a pronoun refers to the nearest sentence's fitting entity (kind, number and gender
   agree), the subject first.

The head nouns and their kinds are data: ``kg/data/mention_nouns.tsv``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from ..model import EntityKind, LocalEntity, Status
from .context import DocContext

PERSON, ORG, PLACE, GROUP, PRODUCT = (
    EntityKind.PERSON,
    EntityKind.ORGANIZATION,
    EntityKind.PLACE,
    EntityKind.GROUP,
    EntityKind.PRODUCT,
)
MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
NEUTER = {"it", "its", "itself"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
RELATIVE = {"who", "whom", "whose", "which", "that"}
FEMALE_NOUNS = {"woman", "girl", "actress", "spokeswoman", "mother", "daughter", "wife", "sister"}
MALE_NOUNS = {"man", "boy", "actor", "spokesman", "father", "son", "husband", "brother", "gunman"}
DEFINITE = {"the", "this", "that", "these", "those"}
POSSESSIVE_PRONOUNS = {"his", "her", "its", "their", "our", "my", "your"}
SENTENCES_BACK = 2  # a pronoun looks this many sentences back
DESCRIPTION_WINDOW = 3  # a description looks for the most mentioned fitting entity this far back
TOPIC_MIN_MENTIONS = 2  # the article's main entity of a kind: mentioned at least this often
SALIENT_MIN_MENTIONS = 2  # a described thing mentioned this often is an entity of the article
KIND_OF = {"person": PERSON, "organization": ORG, "place": PLACE, "product": PRODUCT}
# place nouns that name a populated place or region, not a building or a site
GEO_NOUNS = {
    "city",
    "town",
    "village",
    "capital",
    "country",
    "nation",
    "region",
    "province",
    "state",
    "area",
    "district",
    "island",
    "neighbourhood",
    "neighborhood",
}
# bare singular nouns that are mentions all the same ("police said")
BARE_SINGULAR = {"police", "government", "military", "army", "administration"}


@lru_cache(maxsize=1)
def mention_nouns() -> dict[str, EntityKind]:
    table: dict[str, EntityKind] = {}
    text = resources.files("kg.data").joinpath("mention_nouns.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, kind, *_ = line.split("\t")
            table[lemma.strip()] = KIND_OF[kind.strip()]
    return table


@dataclass
class _Thing:
    """A described thing that refers to no named entity (yet)."""

    kind: EntityKind
    lemma: str
    plural: bool
    spans: list = field(default_factory=list)  # token spans of its mentions
    entity: int | None = None  # its LocalEntity id, once made


@dataclass
class _State:
    ctx: DocContext
    # per sentence start: (token index, entity id or ("thing", n), is subject), in text order
    by_sentence: dict[int, list] = field(default_factory=lambda: defaultdict(list))
    things: list[_Thing] = field(default_factory=list)
    described: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # lemma -> entities
    gender: dict[object, str] = field(default_factory=dict)
    counts: dict[object, int] = field(default_factory=lambda: defaultdict(int))
    sentence_of: list[int] = field(default_factory=list)  # token index -> its sentence's first token


def extract_mentions(ctx: DocContext) -> None:
    """Find descriptions and pronouns and resolve each within the article."""
    state = _State(ctx)
    for sent in ctx.doc.sents:  # once per Doc: Token.sent walks the sentence each time
        state.sentence_of += [sent.start] * (sent.end - sent.start)
    nouns = mention_nouns()
    named_heads = _named_heads(ctx)
    for token in ctx.doc:
        if token.i in named_heads:
            entity_id = named_heads[token.i]
            _note(state, token, entity_id)
            _descriptors(state, token, entity_id)
            continue
        if token.i in ctx.token_entity:
            continue
        lower = token.lower_
        if token.pos_ == "PRON" or token.tag_ in ("WP", "WP$", "WDT"):
            if lower in RELATIVE:
                _relative(state, token)
            elif lower in MALE or lower in FEMALE or lower in NEUTER or lower in PLURAL:
                _pronoun(state, token)
            continue
        if token.pos_ == "NOUN" and token.dep_ != "compound":
            kind = nouns.get(token.lemma_.lower())
            if kind is not None:
                _nominal(state, token, kind)
    _things_to_entities(state)
    ctx.mentions_resolved = True


def _named_heads(ctx: DocContext) -> dict[int, int]:
    """The last token of every mention found so far -> its entity (names, groups, "the city")."""
    heads: dict[int, int] = {}
    by_char = {t.idx: t.i for t in ctx.doc}
    ends = {t.idx + len(t.text): t.i for t in ctx.doc}
    for e in ctx.extraction.entities:
        for m in e.mentions:
            last = ends.get(m.end)
            if last is not None and m.start in by_char:
                heads.setdefault(last, e.id)
    return heads


def _sentence(state: _State, token: Token) -> int:
    return state.sentence_of[token.i]


def _is_subject(token: Token) -> bool:
    return token.dep_ in ("nsubj", "nsubjpass")


def _note(state: _State, token: Token, ref) -> None:
    state.by_sentence[_sentence(state, token)].append((token.i, ref, _is_subject(token)))
    state.counts[ref] += 1


def _descriptors(state: _State, token: Token, entity_id: int) -> None:
    """ "actress Lindsay Lohan", "Lohan, the actress": remember which nouns describe whom."""
    nouns = mention_nouns()
    for child in token.children:
        if child.dep_ in ("compound", "appos", "amod") and child.lemma_.lower() in nouns:
            state.described[child.lemma_.lower()].append(entity_id)
            _gender_of_noun(state, entity_id, child.lemma_.lower())


def _gender_of_noun(state: _State, ref, lemma: str) -> None:
    if lemma in FEMALE_NOUNS:
        state.gender.setdefault(ref, "f")
    elif lemma in MALE_NOUNS:
        state.gender.setdefault(ref, "m")


def _kind(state: _State, ref) -> EntityKind:
    if isinstance(ref, tuple):
        return state.things[ref[1]].kind
    return state.ctx.entity(ref).kind


def _plural(state: _State, ref) -> bool:
    if isinstance(ref, tuple):
        return state.things[ref[1]].plural
    return _kind(state, ref) is GROUP


# -- attaching mentions -------------------------------------------------------------


def _attach(state: _State, tokens: list[Token], head: Token, ref) -> None:
    """Record a description or pronoun as a mention of ``ref`` (an entity id or a thing)."""
    ctx = state.ctx
    if isinstance(ref, tuple):
        state.things[ref[1]].spans.append((tokens[0].i, tokens[-1].i + 1, head.i))
    else:
        ctx.add_mention(ref, tokens)
        ctx.token_entity[head.i] = ref
    _note(state, head, ref)


# -- pronouns -----------------------------------------------------------------------


def _pronoun(state: _State, token: Token) -> None:
    lower = token.lower_
    ref = _antecedent(state, token, lower)
    if ref is None:
        return
    if lower in MALE:
        state.gender.setdefault(ref, "m")
    elif lower in FEMALE:
        state.gender.setdefault(ref, "f")
    _attach(state, [token], token, ref)


def _agrees(state: _State, ref, lower: str) -> bool:
    kind = _kind(state, ref)
    plural = _plural(state, ref)
    if lower in MALE or lower in FEMALE:
        want = "m" if lower in MALE else "f"
        return kind is PERSON and not plural and state.gender.get(ref, want) == want
    if lower in NEUTER:
        return kind in (ORG, PRODUCT, PLACE) and not plural
    return plural or kind in (ORG, GROUP)  # "they": groups, plural descriptions, organisations


def _antecedent(state: _State, token: Token, lower: str):
    """The nearest sentence's fitting entity: the subject first, then the nearest before."""
    doc = token.doc
    start = _sentence(state, token)
    for back in range(SENTENCES_BACK + 1):
        entries = [
            e
            for e in state.by_sentence.get(start, ())
            if (back or (e[0] < token.i and not _bound(token, doc[e[0]]))) and _agrees(state, e[1], lower)
        ]
        if entries:
            if back == 0:  # a subject pronoun takes the latest subject; others the nearest
                subjects = [e for e in entries if e[2]] if _is_subject(token) or token.tag_ == "PRP$" else []
                chosen = subjects[-1] if subjects else entries[-1]
            else:
                subjects = [e for e in entries if e[2]]
                chosen = subjects[0] if subjects else entries[0]
            return chosen[1]
        if start == 0:
            break
        start = _sentence(state, doc[start - 1])
    return None


def _bound(pronoun: Token, other: Token) -> bool:
    """ "Ukrainian forces forced them": an object pronoun is not its own verb's subject
    (reflexives and possessives may be: "they forced themselves", "lost their jobs")."""
    if pronoun.tag_ == "PRP$" or pronoun.lower_.endswith(("self", "selves")):
        return False
    verbs = {pronoun.head.i}
    verb = pronoun.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:  # "prevented X and forced them": shared subject
        verb = verb.head
        verbs.add(verb.i)
    return other.head.i in verbs and (other.head.i == pronoun.head.i or _is_subject(other))


def _relative(state: _State, token: Token) -> None:
    """ "the man who", "the plant, which": the noun the relative clause modifies."""
    clause = token.head
    if clause.dep_ != "relcl" or token.i < clause.head.i:
        return
    noun = clause.head
    ref = state.ctx.token_entity.get(noun.i)
    if ref is None:
        ref = next(
            (("thing", n) for n, t in enumerate(state.things) if any(h == noun.i for *_, h in t.spans)), None
        )
    if ref is None:
        return
    if token.lower_ in ("who", "whom", "whose") and _kind(state, ref) not in (PERSON, GROUP, ORG):
        return
    _attach(state, [token], token, ref)


# -- descriptions -------------------------------------------------------------------


def _nominal(state: _State, head: Token, kind: EntityKind) -> None:
    ctx = state.ctx
    plural = head.tag_ in ("NNS", "NNPS")
    dets = [c for c in head.children if c.i < head.i and c.dep_ in ("det", "poss", "nummod", "amod")]
    if not dets and not plural and head.lemma_.lower() not in BARE_SINGULAR:
        return  # "in business", "at home": no mention
    start = head.left_edge.i
    while start < head.i and (ctx.doc[start].is_punct or ctx.doc[start].is_space):
        start += 1
    tokens = [t for t in ctx.doc[start : head.i + 1]]
    if any(t.is_space for t in tokens):
        tokens = [head]
    definite = any(c.lower_ in DEFINITE or c.dep_ == "poss" for c in head.children if c.i < head.i)
    lemma = head.lemma_.lower()
    ref = _linked(state, head, kind)
    if ref is None and (definite or (plural and not dets) or lemma in BARE_SINGULAR):
        ref = _same_noun(state, lemma, plural)
        if ref is None and not plural:
            ref = _described_before(state, head, kind, lemma)
    if ref is None:
        state.things.append(_Thing(kind, lemma, plural))
        ref = ("thing", len(state.things) - 1)
        if lemma in FEMALE_NOUNS or lemma in MALE_NOUNS:
            _gender_of_noun(state, ref, lemma)
    _attach(state, tokens, head, ref)


def _compatible(state: _State, ref, kind: EntityKind, lemma: str = "") -> bool:
    other = _kind(state, ref)
    if other is PLACE and kind is PLACE and not isinstance(ref, tuple):
        # "the city" is a city the gazetteer knows; "the facility" is not a city
        return (lemma in GEO_NOUNS) == (state.ctx.entity(ref).geonameid is not None)
    return other is kind or {other, kind} <= {ORG, GROUP}


def _linked(state: _State, head: Token, kind: EntityKind):
    """Apposition and predicate nominals: "Tim Cook, the company's chief", "X is a company"."""
    ctx = state.ctx
    candidates = []
    if head.dep_ == "appos":
        candidates.append(head.head)
    candidates += [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        candidates += [c for c in head.head.children if c.dep_ == "nsubj"]
    for t in candidates:
        ref = ctx.token_entity.get(t.i)
        if ref is not None and _compatible(state, ref, kind):
            return ref
    return None


def _same_noun(state: _State, lemma: str, plural: bool):
    """ "a man ... the man": the latest described thing with this head noun."""
    for n in range(len(state.things) - 1, -1, -1):
        thing = state.things[n]
        if thing.lemma == lemma and thing.plural == plural:
            return ("thing", n)
    return None


def _described_before(state: _State, head: Token, kind: EntityKind, lemma: str):
    """The entity this noun described before, else the most mentioned fitting one nearby,
    else the article's main entity of this kind."""
    described = [e for e in state.described.get(lemma, ()) if _compatible(state, e, kind, lemma)]
    if described:
        return described[-1]
    doc = head.doc
    start = _sentence(state, head)
    counts: dict[int, int] = defaultdict(int)
    latest: dict[int, int] = {}
    for _back in range(DESCRIPTION_WINDOW + 1):
        for i, ref, _ in state.by_sentence.get(start, ()):
            if i < head.i and not isinstance(ref, tuple) and _compatible(state, ref, kind, lemma):
                counts[ref] += 1
                latest[ref] = max(latest.get(ref, -1), i)
        if start == 0:
            break
        start = _sentence(state, doc[start - 1])
    if kind is PERSON:
        counts = {r: n for r, n in counts.items() if _kind(state, r) is PERSON}
    if counts:
        return max(counts, key=lambda r: (counts[r], latest[r]))
    if kind is PLACE:
        return None  # "the area" far from any place: no guess
    topic = [
        (n, r)
        for r, n in state.counts.items()
        if not isinstance(r, tuple) and n >= TOPIC_MIN_MENTIONS and _compatible(state, r, kind, lemma)
    ]
    return max(topic)[1] if topic else None


# -- what the described things become -----------------------------------------------


def _things_to_entities(state: _State) -> None:
    ctx = state.ctx
    doc = ctx.doc
    for thing in state.things:
        if not thing.spans:
            continue
        salient = len(thing.spans) >= SALIENT_MIN_MENTIONS
        texts = [doc[a:b].text for a, b, _ in thing.spans]
        described = [t for (a, b, h), t in zip(thing.spans, texts) if doc[h].pos_ != "PRON"]
        name = max(described or texts, key=lambda t: (len(t.split()), len(t)))
        entity = LocalEntity(
            id=len(ctx.extraction.entities),
            kind=thing.kind,
            name=name,
            status=Status.LOCAL if salient else Status.ARGUMENT,
        )
        ctx.extraction.entities.append(entity)
        thing.entity = entity.id
        for a, b, h in thing.spans:
            ctx.add_mention(entity.id, doc[a:b])
            ctx.token_entity[h] = entity.id
