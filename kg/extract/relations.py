"""Relations between entities, read off the parse.

- titles and affiliations: "Ukrainian President Volodymyr Zelensky" (jobTitle "President",
  nationality Ukraine), "Defense Minister Oleksii Reznikov", "X, a spokesman for Y" (worksFor);
- appositions: "the Institute for the Study of War, a Washington-based think tank"
  (description, location Washington);
- containment: "Kharkiv is the second-largest city in Ukraine", "Donetsk in eastern Ukraine",
  "Dayton, Ohio" (a place, a comma and its state or country, however it is parsed);
- organisations' places: "Y-based X", "X in Y", "Y's X" (location, CoNLL04 OrgBased_In);
- residence: "X of Y", "X, who lives in Y" (homeLocation, CoNLL04 Live_In);
- killings: a Killing event with a person as agent and as patient (killed, CoNLL04 Kill);
- the patterns of kg/data/relation_patterns.tsv (:mod:`kg.extract.paths`): dependency paths
  between two named entities' mentions in one sentence, learned from CoNLL04's train split
  and reviewed by hand, and hand-written verb patterns ("works for", "joined", "based in",
  "headquartered in", "born in", "lives in").

Each relation keeps the words that state it (``evidence``, within one sentence), its
arguments' mentions there and the rule or pattern that read it (``extractor``); a relation
stated in two sentences is kept once per sentence (kg/rdf.py reifies each).
"""

from __future__ import annotations

import bisect
from typing import cast

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..gazetteer import gazetteer
from ..model import EntityKind, Relation, Span
from ..names import demonyms
from .context import DocContext
from .cues import cue_words
from .entities import TITLE_WORDS
from .paths import MAX_GAP, load_patterns, match, paths

PERSON, ORG, GROUP, PLACE = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.GROUP, EntityKind.PLACE)
TITLE_WORDS_ALL = TITLE_WORDS | {
    "analyst",
    "director",
    "head",
    "leader",
    "founder",
    "ceo",
    "chairman",
    "chairwoman",
    "executive",
    "officer",
    "reporter",
    "correspondent",
    "editor",
    "professor",
    "researcher",
    "member",
    "deputy",
    "representative",
    "senator",
    "envoy",
    "prosecutor",
    "judge",
    "king",
    "queen",
    "prince",
    "pope",
    "lieutenant",
    "colonel",
    "major",
    "captain",
    "sergeant",
    "admiral",
    "marshal",
    "prime",
    "vice",
    "foreign",
    "defense",
    "defence",
    "interior",
}
LIVING_VERBS = {"live", "reside", "settle"}


def extract_relations(ctx: DocContext) -> None:
    found: list[Relation] = []
    for entity in ctx.extraction.entities:
        for span in entity.mentions:
            if span.text not in entity.names:
                continue  # names only: "the city" or "he" carry no title
            tokens = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is None:
                continue
            if entity.kind is PERSON:
                found += _named(_titles(ctx, entity.id, tokens), "title")
            found += _named(_appositions(ctx, entity.id, entity.kind, tokens), "apposition")
            found += _named(_prepositional(ctx, entity.id, entity.kind, tokens), "prepositional")
            if entity.kind is ORG:  # a nation's troops are not "based" in it
                found += _named(_based_in(ctx, entity.id, tokens), "based-in")
    found += _named(_copular_containment(ctx), "copula")
    found += _named(_town_comma_place(ctx), "town-comma-place")
    found += _named(_killings(ctx), "killing-event")
    found += _learned(ctx)
    seen = set()
    kept = []
    starts = [s.start for s in ctx.extraction.sentences]
    for relation in found:  # once per sentence that states it (the first rule that read it there)
        sentence = bisect.bisect_right(starts, relation.evidence.start) if relation.evidence else -1
        key = (relation.predicate, relation.subject, relation.object, relation.value, sentence)
        if key not in seen and relation.subject != relation.object:
            seen.add(key)
            kept.append(relation)
    _argument_mentions(ctx, kept)
    _cover(ctx, kept)
    ctx.extraction.relations.extend(kept)


def _argument_mentions(ctx: DocContext, relations: list[Relation]) -> None:
    """The mentions of each relation's arguments in the words that state it.

    A place argument followed by ", <place it lies in>" is mentioned by both: "born in North
    Bend, Ohio" has the argument "North Bend, Ohio" (the full name the sentence gives).
    """
    for r in relations:
        if r.subject_mention is None:
            r.subject_mention = _mention_in(ctx, r.subject, r.evidence)
        if r.object is not None and r.object_mention is None:
            r.object_mention = _mention_in(ctx, r.object, r.evidence)
    for r in relations:
        r.subject_mention = _titled(ctx, r.subject, r.subject_mention)
        if r.object is not None:
            r.object_mention = _titled(ctx, r.object, r.object_mention)
    contained = {(r.subject, r.object) for r in relations if r.predicate == "containedInPlace"}
    if not contained:
        return
    starts = {m.start: (m, e.id) for e in ctx.extraction.entities if e.kind is PLACE for m in e.mentions}
    text = ctx.article.text

    def qualified(span: Span | None, place: int, other: int | None) -> Span | None:
        if span is None or ctx.entity(place).kind is not PLACE:
            return span
        gap = len(text[span.end :]) - len(text[span.end :].lstrip(" ,"))
        nxt = starts.get(span.end + gap) if text[span.end : span.end + gap].strip() == "," else None
        if nxt is None or nxt[1] == other or (place, nxt[1]) not in contained:
            return span
        return ctx.span(span.start, nxt[0].end)

    for r in relations:
        r.subject_mention = qualified(r.subject_mention, r.subject, r.object)
        if r.object is not None:
            r.object_mention = qualified(r.object_mention, r.object, r.subject)


def _cover(ctx: DocContext, relations: list[Relation]) -> None:
    """The evidence covers the argument mentions that lie in its sentence."""
    sentences = ctx.extraction.sentences
    starts = [s.start for s in sentences]
    for r in relations:
        if r.evidence is None:
            continue
        i = bisect.bisect_right(starts, r.evidence.start) - 1
        if i < 0 or r.evidence.end > sentences[i].end:
            continue
        spans = [r.evidence] + [
            m
            for m in (r.subject_mention, r.object_mention)
            if m is not None and sentences[i].start <= m.start and m.end <= sentences[i].end
        ]
        r.evidence = ctx.span(min(m.start for m in spans), max(m.end for m in spans))


ABBREVIATED_TITLES = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "sen",
    "rep",
    "rev",
    "gen",
    "gov",
    "lt",
    "col",
    "sgt",
    "capt",
    "adm",
}


def _titled(ctx: DocContext, entity_id: int, span: Span | None) -> Span | None:
    """A person's name with the capitalised title before it: "President John F. Kennedy",
    "Dr. Lee DeForest" (the extent of the mention, as ACE and CoNLL04 mark it; the name is its head)."""
    if (
        span is None
        or ctx.entity(entity_id).kind is not PERSON
        or span.text not in ctx.entity(entity_id).names
    ):
        return span
    name = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
    if name is None:
        return span
    heads = {t.i for t in name}
    i, first = name.start - 1, None
    while i >= 0:
        t = ctx.doc[i]
        word = t.lower_.rstrip(".")
        if not (
            t.head.i in heads
            and t.dep_ in ("compound", "nmod", "amod")
            and t.i not in ctx.token_entity
            and t.text[:1].isupper()
            and t.pos_ != "ADJ"
            and word not in demonyms()
            and (
                word in TITLE_WORDS_ALL
                or word in ABBREVIATED_TITLES
                or word in cue_words()["person_title"]
                or word in cue_words()["person_role"]
                or t.pos_ == "NOUN"
            )
        ):
            break
        first, i = t, i - 1
        heads.add(t.i)
    return span if first is None else ctx.span(first.idx, span.end)


def _mention_in(ctx: DocContext, entity_id: int, evidence: Span | None) -> Span | None:
    """The entity's mention inside the evidence (a name first), else the one nearest to it."""
    entity = ctx.entity(entity_id)
    if not entity.mentions or evidence is None:
        return None
    key = ("relations:mentions", entity_id, len(entity.mentions))
    if key not in ctx.memo:  # sorted once per entity: a long article has thousands of mentions
        ordered = sorted(entity.mentions, key=lambda m: (m.start, m.end))
        ctx.memo[key] = (ordered, [m.start for m in ordered])
    mentions, starts = cast(tuple[list[Span], list[int]], ctx.memo[key])
    lo, hi = bisect.bisect_left(starts, evidence.start), bisect.bisect_right(starts, evidence.end)
    inside = [m for m in mentions[lo:hi] if m.end <= evidence.end]
    if inside:
        names = set(entity.names)
        return min(inside, key=lambda m: (m.text not in names, m.start))
    near = mentions[max(lo - 1, 0) : lo + 1]
    return min(near, key=lambda m: (abs(m.start - evidence.start), m.start))


def _named(relations: list[Relation], rule: str) -> list[Relation]:
    for relation in relations:
        relation.extractor = f"relations:{rule}"
    return relations


PATTERN_KINDS = {PERSON: "person", ORG: "org", GROUP: "org", PLACE: "place"}


def _learned(ctx: DocContext) -> list[Relation]:
    """Patterns of kg/data/relation_patterns.tsv between two named entities' mentions of one
    sentence, at most :data:`MAX_GAP` tokens apart (a pair further apart is rarely related, and
    a long flat sentence must not cost a path per pair of its mentions)."""
    table = load_patterns()
    starts = [s.start for s in ctx.extraction.sentences]
    by_sentence: dict[int, list[tuple[Span, int, SpacySpan]]] = {}
    kinds: dict[int, str] = {}
    for entity in ctx.extraction.entities:
        kind = PATTERN_KINDS.get(entity.kind)  # kinds no relation joins have no patterns
        if kind is None or not entity.names:
            continue  # relations join named entities (a description of nothing named joins none)
        for span in entity.mentions:
            tokens = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is None or not len(tokens):
                continue
            sentence = bisect.bisect_right(starts, span.start) - 1
            by_sentence.setdefault(sentence, []).append((span, entity.id, tokens))
            for t in tokens:
                kinds.setdefault(t.i, kind)
    relations = []
    chains: dict[int, list[Token]] = {}
    for sentence in sorted(by_sentence):
        mentions = sorted(by_sentence[sentence], key=lambda m: (m[2].start, m[2].end, m[0].start))
        for i, first in enumerate(mentions):
            for second in mentions[i + 1 :]:
                if second[2].start - first[2].end > MAX_GAP:
                    break
                for (s_span, s_id, s_tokens), (o_span, o_id, o_tokens) in ((first, second), (second, first)):
                    if o_id == s_id or s_tokens.root.i == o_tokens.root.i:
                        continue
                    relation = _pattern_relation(
                        ctx, table, s_span, s_id, s_tokens, o_span, o_id, o_tokens, kinds, chains
                    )
                    if relation is not None:
                        relations.append(relation)
    return relations


def _pattern_relation(ctx, table, s_span, s_id, s_tokens, o_span, o_id, o_tokens, kinds, chains):
    keys = paths(s_tokens, o_tokens, kinds, chains)
    if keys is None:
        return None
    subject, obj = ctx.entity(s_id), ctx.entity(o_id)
    pattern = match(table, PATTERN_KINDS[subject.kind], PATTERN_KINDS[obj.kind], keys)
    if pattern is None or pattern.predicate == "-":
        return None
    if pattern.predicate == "containedInPlace" and not _may_contain(ctx, o_id, s_id):
        return None
    if pattern.predicate == "location" and subject.kind is GROUP:
        return None  # "Kyiv's forces" are a nation's troops, not based there
    return Relation(
        pattern.predicate,
        s_id,
        o_id,
        evidence=ctx.span(min(s_span.start, o_span.start), max(s_span.end, o_span.end)),
        subject_mention=s_span,
        object_mention=o_span,
        extractor=pattern.name,
    )


def _entity(ctx: DocContext, token: Token, *kinds: EntityKind) -> int | None:
    """The named entity of one of ``kinds`` that ``token`` is a mention of."""
    entity_id = ctx.token_entity.get(token.i)
    if entity_id is not None and ctx.entity(entity_id).kind in kinds and ctx.entity(entity_id).names:
        return entity_id
    return None


def _evidence(ctx: DocContext, first: Token, last: Token) -> Span:
    return ctx.span(min(first.idx, last.idx), max(first.idx + len(first.text), last.idx + len(last.text)))


def _titles(ctx: DocContext, person: int, name) -> list[Relation]:
    """Words before a name: "Ukrainian President Volodymyr Zelensky", "ISW analyst X"."""
    relations = []
    before = []
    i = name.start - 1
    while i >= 0 and (
        (
            ctx.doc[i].head.i in range(name.start, name.end)
            and ctx.doc[i].dep_ in ("compound", "amod", "nmod", "poss")
        )
        or (
            before
            and ctx.doc[i].head.i in {t.i for t in before}
            and ctx.doc[i].dep_ in ("compound", "amod", "poss", "case")
        )
    ):
        before.append(ctx.doc[i])  # "Ukraine 's President Volodymyr Zelensky" too
        i -= 1
    before.reverse()
    title_words = [
        t
        for t in before
        if t.lower_ in TITLE_WORDS_ALL
        or (t.is_title and t.i not in ctx.token_entity and t.lower_ not in demonyms() and t.pos_ != "PROPN")
    ]
    if any(t.lower_ in TITLE_WORDS_ALL for t in title_words):
        first, last = title_words[0], title_words[-1]
        title = ctx.article.text[first.idx : last.idx + len(last.text)]
        relations.append(Relation("jobTitle", person, value=title, evidence=_evidence(ctx, first, name[-1])))
    for t in before:
        org = _entity(ctx, t, ORG, GROUP)
        if org is not None and title_words:
            relations.append(Relation("worksFor", person, org, evidence=_evidence(ctx, t, name[-1])))
        country = _country_for(ctx, t)
        if country is not None:
            relations.append(Relation("nationality", person, country, evidence=_evidence(ctx, t, name[-1])))
    return relations


def _country_for(ctx: DocContext, token: Token) -> int | None:
    """The article's entity for the country a demonym or a country name refers to."""
    code = demonyms().get(token.lower_)
    if code is None:
        place = _entity(ctx, token, PLACE)
        if place is None:
            return None
        entity = ctx.entity(place)
        entry = gazetteer().by_id.get(entity.geonameid) if entity.geonameid else None
        return place if entry is not None and entry.kind == "country" else None
    for entity in ctx.extraction.entities:
        entry = gazetteer().by_id.get(entity.geonameid) if entity.geonameid else None
        if entity.kind is PLACE and entry is not None and entry.kind == "country" and entry.country == code:
            return entity.id
    return None


def _appositions(ctx: DocContext, subject: int, kind: EntityKind, name) -> list[Relation]:
    """ "the Institute for the Study of War, a Washington-based think tank"."""
    relations = []
    for appos in (c for c in name.root.children if c.dep_ == "appos"):
        if appos.i in ctx.token_entity:
            other = ctx.token_entity[appos.i]
            if kind is PLACE and ctx.entity(other).kind is PLACE and _may_contain(ctx, other, subject):
                relations.append(
                    Relation("containedInPlace", subject, other, evidence=_evidence(ctx, name[0], appos))
                )
            continue
        words = [t for t in appos.subtree if t.dep_ not in ("det", "punct") or t.i > appos.left_edge.i]
        words = [t for t in words if not (t.i == appos.left_edge.i and t.dep_ in ("det", "punct"))]
        if not words:
            continue
        text = ctx.article.text[words[0].idx : words[-1].idx + len(words[-1].text)]
        evidence = _evidence(ctx, name[0], words[-1])
        if kind is PERSON and appos.lemma_.lower() in TITLE_WORDS_ALL:
            relations.append(Relation("jobTitle", subject, value=text, evidence=evidence))
        else:
            relations.append(Relation("description", subject, value=text, evidence=evidence))
        for t in appos.subtree:
            place = _entity(ctx, t, PLACE)
            org = _entity(ctx, t, ORG)
            if place is not None and kind in (ORG, GROUP) and t.head.lemma_ == "base":  # "Washington-based"
                relations.append(Relation("location", subject, place, evidence=evidence))
            elif place is not None and kind is PERSON and _near(t, appos):  # "a Fargo native", "mayor of Y"
                relations.append(Relation("homeLocation", subject, place, evidence=evidence))
            elif org is not None and kind is PERSON:
                relations.append(Relation("worksFor", subject, org, evidence=evidence))
    return relations


def _near(t: Token, head: Token) -> bool:
    """``t`` modifies ``head`` directly, or as the object of its "of", "from" or "in"."""
    if t.head.i == head.i and t.dep_ in ("compound", "amod", "nmod", "poss"):
        return True
    prep = t.head
    return t.dep_ == "pobj" and prep.head.i == head.i and prep.lower_ in ("of", "from", "in")


def _prepositional(ctx: DocContext, subject: int, kind: EntityKind, name) -> list[Relation]:
    """ "Donetsk in eastern Ukraine", "John Smith of Boston", "the bank in Frankfurt"."""
    relations = []
    for prep in (c for c in name.root.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "near")):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            place = _entity(ctx, pobj, PLACE)
            org = _entity(ctx, pobj, ORG)
            evidence = _evidence(ctx, name[0], pobj)
            if (
                place is not None
                and kind is PLACE
                and prep.lower_ == "in"
                and _may_contain(ctx, place, subject)
            ):
                relations.append(Relation("containedInPlace", subject, place, evidence=evidence))
            elif place is not None and kind in (ORG, GROUP):
                relations.append(Relation("location", subject, place, evidence=evidence))
            elif place is not None and kind is PERSON and prep.lower_ == "of":  # "X of Boston"
                relations.append(Relation("homeLocation", subject, place, evidence=evidence))
            elif org is not None and kind is PERSON and prep.lower_ == "of":
                relations.append(Relation("worksFor", subject, org, evidence=evidence))
    head = name.root.head
    if kind is PERSON and head.lemma_.lower() in LIVING_VERBS and name.root.dep_ == "nsubj":
        for prep in (c for c in head.children if c.dep_ == "prep"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                place = _entity(ctx, pobj, PLACE)
                if place is not None:
                    relations.append(
                        Relation("homeLocation", subject, place, evidence=_evidence(ctx, name[0], pobj))
                    )
    return relations


def _based_in(ctx: DocContext, org: int, name) -> list[Relation]:
    """ "a Washington-based think tank" about an organisation, "Ukraine's General Staff"."""
    relations = []
    for t in name.root.children:
        place = _entity(ctx, t, PLACE) if t.dep_ == "poss" else None
        if place is None and t.dep_ in ("amod", "compound") and t.i < name.end:
            place = _country_for(ctx, t)  # "Ukrainian General Staff"
        if place is not None and place != org:
            relations.append(Relation("location", org, place, evidence=_evidence(ctx, t, name[-1])))
    return relations


def _may_contain(ctx: DocContext, outer: int, inner: int) -> bool:
    """A country does not lie in a city: check the gazetteer's kinds when both are known."""
    a, b = ctx.entity(outer), ctx.entity(inner)
    gaz = gazetteer()
    outer_entry = gaz.by_id.get(a.geonameid) if a.geonameid else None
    inner_entry = gaz.by_id.get(b.geonameid) if b.geonameid else None
    if outer_entry is None or inner_entry is None:
        return True
    if inner_entry.kind == "country" or (inner_entry.kind == "region" and outer_entry.kind != "country"):
        return False  # a state lies in its country only
    if outer_entry.kind == "country":
        return outer_entry.country == inner_entry.country
    return outer_entry.kind != "city"


def _copular_containment(ctx: DocContext) -> list[Relation]:
    """ "Kharkiv is the second-largest city in Ukraine"."""
    relations = []
    for verb in ctx.doc:
        if verb.lemma_ != "be":
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        attrs = [c for c in verb.children if c.dep_ == "attr"]
        if not subjects or not attrs:
            continue
        inner = _entity(ctx, subjects[0], PLACE)
        if inner is None:
            continue
        for prep in (c for c in attrs[0].children if c.dep_ == "prep" and c.lower_ == "in"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                outer = _entity(ctx, pobj, PLACE)
                if outer is not None and _may_contain(ctx, outer, inner):
                    relations.append(
                        Relation("containedInPlace", inner, outer, evidence=_evidence(ctx, subjects[0], pobj))
                    )
    return relations


def _town_comma_place(ctx: DocContext) -> list[Relation]:
    """ "Dayton, Ohio", "Saint-Gall, Switzerland": a place, a comma and the state or country
    it lies in, however the parser joined them (a dateline's parse is often a list)."""
    relations = []
    gaz = gazetteer()
    places = sorted(
        (m.start, m.end, e.id)
        for e in ctx.extraction.entities
        if e.kind is PLACE and e.names
        for m in e.mentions
        if m.text in e.names
    )
    starts = {start: (end, entity) for start, end, entity in places}
    text = ctx.article.text
    for start, end, inner in places:
        gap = text[end : end + 3]
        after = end + len(gap) - len(gap.lstrip(" ,")) if gap.lstrip(" ").startswith(",") else None
        if after is None or after not in starts or text[end:after].count(",") != 1:
            continue
        outer_end, outer = starts[after]
        entry = gaz.by_id.get(ctx.entity(outer).geonameid or -1)
        if outer == inner or entry is None or entry.kind == "city" or not _may_contain(ctx, outer, inner):
            continue
        if _in_a_list(ctx.doc, (start, end), (after, outer_end), ctx.entity(inner).geonameid is not None):
            continue  # "West Germany, France and Italy", "Ohio, Texas or Utah"
        relations.append(
            Relation(
                "containedInPlace",
                inner,
                outer,
                evidence=ctx.span(start, outer_end),
                subject_mention=ctx.span(start, end),
                object_mention=ctx.span(after, outer_end),
            )
        )
    return relations


def _in_a_list(doc, first: tuple[int, int], second: tuple[int, int], known: bool) -> bool:
    """The names at these characters are items of a list: the second is the first's conjunct
    with an item or a conjunction of its own ("France, Spain and Italy"), or, when the gazetteer
    does not know the first, both are conjuncts of an earlier item ("Britain, West Germany, France")."""
    a = doc.char_span(*first, alignment_mode="expand")
    b = doc.char_span(*second, alignment_mode="expand")
    if a is None or b is None or b.root.dep_ != "conj":
        return False
    a, b = a.root, b.root
    if b.head.i == a.i:
        return any(c.dep_ in ("cc", "conj") for c in b.children)
    return not known and a.dep_ == "conj" and b.head.i == a.head.i


def _killings(ctx: DocContext) -> list[Relation]:
    relations = []
    for event in ctx.extraction.events:
        if event.type != "Killing":
            continue
        for agent in event.agents:
            for patient in event.patients:
                if ctx.entity(agent).kind is PERSON and ctx.entity(patient).kind is PERSON:
                    spans = [event.trigger]
                    spans += [m for m in (_mention_in(ctx, i, event.sentence) for i in (agent, patient)) if m]
                    spans = [
                        m for m in spans if event.sentence.start <= m.start and m.end <= event.sentence.end
                    ]
                    evidence = ctx.span(min(m.start for m in spans), max(m.end for m in spans))
                    relations.append(Relation("killed", agent, patient, evidence=evidence))
    return relations
