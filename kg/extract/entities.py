"""Entities: names from NER, actor groups, and within-article coreference.

The small spaCy model often types a city as PERSON or ORG ("Kharkiv"), so the
type of a name is decided per article: the words around it first (a title, an
organisation word, what only a person undergoes: :mod:`kg.extract.cues`; "Town, ST"
is a town and its US state; a dateline's "(AP)" an agency); a fragment of a person's
full name is that person; a name the gazetteer knows is a place; otherwise the
majority of the NER labels its mentions got.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..gazetteer import gazetteer
from ..iris import name_key
from ..model import EntityKind, LocalEntity
from ..names import (
    APOSTROPHES,
    DETERMINERS,
    ORG_STOPWORDS,
    ascii_fold,
    demonyms,
    fold,
    org_content_tokens,
    tokens,
)
from .context import DocContext
from .cues import (
    cue_words,
    is_sports_report,
    is_team_sport_report,
    known_org,
    not_a_name,
    org_cue,
    person_after_title,
    person_context,
    team_slot,
    titled,
)
from .descriptions import definite_descriptions
from .groups import actor_groups

NER_KINDS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}
# Words that title a person: an ORG tag on "Defense" in "Defense Minister X" is noise.
TITLE_WORDS = {
    "minister",
    "president",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "commander",
    "governor",
    "mayor",
    "general",
    "ambassador",
    "official",
    "adviser",
    "advisor",
    "premier",
    "chancellor",
}


@dataclass
class _Mention:
    tokens: SpacySpan
    kind: EntityKind
    in_heading: bool
    cue: EntityKind | None = None  # what a title or an organisation word says, above NER and gazetteer


def extract_entities(ctx: DocContext) -> None:
    """Find the article's entities and cluster their mentions."""
    doc = ctx.doc
    headings = _heading_lines(doc)
    mentions = [m for m in _name_mentions(doc, headings)]
    mentions = _drop_heading_noise(mentions)
    mentions += _named_speakers(doc, mentions, headings)
    mentions += _gazetteer_places(doc, mentions, headings)
    mentions = _towns_and_states(doc, mentions)
    mentions = _dateline_agencies(doc, mentions)
    _cluster_names(ctx, mentions)
    _repeated_names(ctx)
    actor_groups(ctx)
    definite_descriptions(ctx)


# -- names ------------------------------------------------------------------

SENTENCE_END = {".", "!", "?", '"', "”", "’", "'"}


def _heading_lines(doc: Doc) -> set[int]:
    """Indices of tokens on lines written in title case that do not end like a sentence."""
    found: set[int] = set()
    line: list = []
    for token in [*doc, None]:
        if token is None or (token.is_space and "\n" in token.text):
            words = [t for t in line if t.is_alpha and not t.is_stop]
            ends_sentence = bool(line) and line[-1].text in SENTENCE_END
            if (
                len(words) >= 2
                and not ends_sentence
                and sum(t.is_title or t.is_upper for t in words) >= 0.6 * len(words)
            ):
                found.update(t.i for t in line)
            line = []
        else:
            line.append(token)
    return found


def _name_mentions(doc: Doc, headings: set[int]):
    for ent in doc.ents:
        kind = NER_KINDS.get(ent.label_)
        if kind is None:
            continue
        for piece in _split_at_line_breaks(ent):
            piece = _trim(piece)
            if piece is None or _is_title_modifier(piece) or not_a_name(piece):
                continue
            person = person_after_title(piece)
            if person is not None:
                yield _Mention(person, EntityKind.PERSON, person.start in headings, cue=EntityKind.PERSON)
                continue
            if kind is EntityKind.PLACE:
                piece = _with_region_noun(piece)
            cue = (
                EntityKind.ORGANIZATION
                if org_cue(piece, place=kind is EntityKind.PLACE) or known_org(piece)
                else EntityKind.PERSON
                if _name_like(piece)
                and (
                    (kind is not EntityKind.ORGANIZATION and titled(piece))
                    or (person_context(piece) and not _country(piece))
                )
                else None
            )
            yield _Mention(piece, kind, piece.start in headings, cue=cue)


REGION_NOUNS = {"region", "oblast", "province", "district", "county", "governorate", "raion"}
# countries whose first-level regions English calls "Oblast" ("Donetsk Oblast")
OBLAST_COUNTRIES = frozenset({"UA", "RU", "BY", "KZ", "KG", "TJ", "BG"})


def _region_of(text: str, context: tuple[str, ...], gaz):
    """ "Donetsk region", "Donetsk oblast", "the Kharkiv province": the city the region is
    named after, and the region's name ("Donetsk Oblast"); None if it is no such name."""
    words = text.split()
    if len(words) < 2 or words[-1].lower() not in REGION_NOUNS or words[-1].lower() in ("district", "county"):
        return None
    cities = [e for e in gaz.lookup(" ".join(words[:-1]), context) if e.kind == "city"]
    if not cities:
        return None
    noun = "Oblast" if cities[0].country in OBLAST_COUNTRIES else "region"
    return cities[0], noun


def _with_region_noun(span: SpacySpan) -> SpacySpan:
    """ "the Kharkiv region" names the region, not the city: keep the noun in the name."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lemma_.lower() in REGION_NOUNS and span.root.head.i == span.end:
        return doc[span.start : span.end + 1]
    return span


def _named_speakers(doc: Doc, mentions: list[_Mention], headings: set[int]) -> list[_Mention]:
    """Title-case subjects of speech verbs the NER missed ("The Study of War underlined")."""
    from .quotes import SPEECH_VERBS

    taken = {t.i for m in mentions for t in m.tokens}
    found = []
    for verb in doc:
        if verb.lemma_.lower() not in SPEECH_VERBS or verb.i in headings:
            continue
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            span = _trim(doc[subject.left_edge.i : subject.right_edge.i + 1])
            if span is None or any(t.i in taken for t in span):
                continue
            words = [t for t in span if t.is_alpha and t.lower_ not in ORG_STOPWORDS]
            if len(words) >= 2 and all(t.is_title for t in words):
                found.append(_Mention(span, EntityKind.ORGANIZATION, False))
    return found


GAZETTEER_MIN_POPULATION = 50_000  # smaller towns' names are too often ordinary words


def _gazetteer_places(doc: Doc, mentions: list[_Mention], headings: set[int]) -> list[_Mention]:
    """Proper nouns the NER missed that the gazetteer knows as a country or city."""
    taken = {t.i for m in mentions for t in m.tokens}
    gaz = gazetteer()
    found = []
    i = 0
    while i < len(doc):
        j = i
        while (
            j < len(doc)
            and doc[j].pos_ == "PROPN"
            and doc[j].is_title
            and j not in taken
            and j not in headings
        ):
            j += 1
        if j > i and not doc[i].is_sent_start:
            entries = gaz.lookup(doc[i:j].text)
            if entries and (
                entries[0].kind == "country" or entries[0].population >= GAZETTEER_MIN_POPULATION
            ):
                found.append(_Mention(doc[i:j], EntityKind.PLACE, False))
        i = max(j, i + 1)
    taken |= {t.i for m in found for t in m.tokens}
    found += _upper_case_names(doc, taken)
    taken |= {t.i for m in found for t in m.tokens}
    return found + _organisations_missed(doc, taken)


def _towns_and_states(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """ "Dayton, Ohio", "Portland, Ore.", "Tupelo, Miss": a capitalised name, a comma and a US
    state (its name, AP abbreviation or postal code) are a town and its state, whatever the
    model tagged ("Miss" a person, "Jackson" a person, "Mich" nothing)."""
    gaz = gazetteer()
    ends = {m.tokens.end: m for m in mentions}
    found: list[_Mention] = []
    states: list[SpacySpan] = []
    for comma in (t for t in doc if t.text == "," and 0 < t.i < len(doc) - 1):
        state = _state_after(doc, comma.i + 1, gaz)
        if state is None:
            continue
        town = ends.get(comma.i)
        if town is not None and town.kind is EntityKind.PERSON and len(town.tokens) > 1:
            continue  # "John Smith, Texas" is not a town
        if town is None:
            start = comma.i
            while start > max(comma.i - 3, 0) and _capitalised_name(doc[start - 1]):
                start -= 1
            if start == comma.i or (doc[start].is_sent_start and doc[start].pos_ != "PROPN"):
                continue
            town = _Mention(doc[start : comma.i], EntityKind.PLACE, False)
            found.append(town)
        town.kind, town.cue = EntityKind.PLACE, EntityKind.PLACE
        states.append(state)
    taken = {t.i for s in states for t in s}
    kept = [m for m in [*mentions, *found] if not any(t.i in taken for t in m.tokens)]
    kept += [_Mention(s, EntityKind.PLACE, False, cue=EntityKind.PLACE) for s in states]
    return kept


DATELINE_DASHES = {"-", "--", "—", "–", "_"}


def _dateline_agencies(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """The news agency of a dateline: "DAYTON, Ohio (AP) --", "WASHINGTON (Reuters) -",
    "Sofia, February 15 (BTA) --": a parenthesised name after the place that opens a line (and a
    date), before a dash or the end of the line, is an organisation."""
    starts = {m.tokens.start: m for m in mentions}
    found = []
    for opener in (t for t in doc if t.text == "(" and t.i + 2 < len(doc)):
        close = next((t.i for t in doc[opener.i + 1 : opener.i + 5] if t.text == ")"), None)
        if close is None or close == opener.i + 1:
            continue
        name = doc[opener.i + 1 : close]
        if not all((t.is_upper or t.is_title or t.text == "-") and not t.is_space for t in name):
            continue
        after = doc[close + 1] if close + 1 < len(doc) else None
        if (
            after is not None
            and after.text not in DATELINE_DASHES
            and not (after.is_space and "\n" in after.text)
        ):
            continue
        line = opener.i
        while line > 0 and not (doc[line - 1].is_space and "\n" in doc[line - 1].text):
            line -= 1
        place = starts.get(line)
        if place is None or place.kind is not EntityKind.PLACE or opener.i - line > 12:
            continue
        if not all(t.is_punct or t.like_num or t.is_title or t.is_upper for t in doc[line : opener.i]):
            continue  # a place, a state or country, a date: nothing else stands before the agency
        found.append(_Mention(name, EntityKind.ORGANIZATION, False, cue=EntityKind.ORGANIZATION))
    taken = {t.i for m in found for t in m.tokens}
    return [m for m in mentions if not any(t.i in taken for t in m.tokens)] + found


def _state_after(doc: Doc, i: int, gaz) -> SpacySpan | None:
    """The US state named by the tokens from ``i`` on (up to three), not modifying a noun after it."""
    for n in (3, 2, 1):
        span = doc[i : i + n]
        if len(span) < n or any(t.is_space for t in span) or not span.text[:1].isupper():
            continue
        if gaz.us_state(span.text) is None:
            continue
        attached = span.end < len(doc) and doc[span.end].text == "." and not span[-1].whitespace_
        if attached and gaz.us_state(span.text + ".") is not None:
            span = doc[i : span.end + 1]  # "Mich" "." is the abbreviation "Mich."
        last = span[-1]
        if last.dep_ in ("compound", "amod", "nmod", "poss") and last.head.i >= span.end:
            return None  # "a Texas billionaire"
        return span
    return None


def _capitalised_name(token: Token) -> bool:
    return (token.is_title or token.is_upper) and token.is_alpha and not token.is_stop


def _organisations_missed(doc: Doc, taken: set[int]) -> list[_Mention]:
    """Proper nouns the NER missed that are a well-known organisation's short form ("U.N."),
    or, in a sports report, stand in a team's slot ("Essex beat Kent")."""
    found = []
    sports = None
    i = 0
    while i < len(doc):
        j = i
        while (
            j < len(doc)
            and doc[j].pos_ == "PROPN"
            and (doc[j].is_title or doc[j].is_upper)
            and j not in taken
        ):
            j += 1
        if j == i:
            i += 1
            continue
        span = doc[i:j]
        if known_org(span):
            found.append(_Mention(span, EntityKind.ORGANIZATION, False, cue=EntityKind.ORGANIZATION))
        elif j - i <= 3 and not doc[i].is_sent_start:
            sports = (is_sports_report(doc) and is_team_sport_report(doc)) if sports is None else sports
            if sports and team_slot(span, scores=False):
                found.append(_Mention(span, EntityKind.ORGANIZATION, False, cue=EntityKind.ORGANIZATION))
        i = j
    return found


def _upper_case_names(doc: Doc, taken: set[int]) -> list[_Mention]:
    """Names in capitals the model misses: datelines and headlines ("BELGRADE 1996-08-30",
    "ROMANIA BEAT LITHUANIA") the gazetteer knows, and in a sports report the teams that open
    a standings row ("KANSAS CITY 71 62 .534")."""
    gaz = gazetteer()
    sports = None
    found = []
    i = 0
    while i < len(doc):
        if not _capitals(doc[i]) or i in taken:
            i += 1
            continue
        j = i
        while j < len(doc) and _capitals(doc[j]) and j not in taken:
            j += 1
        k = i
        while k < j:  # the longest known name first, left to right
            for n in range(min(3, j - k), 0, -1):
                span = doc[k : k + n]
                entries = gaz.lookup(span.text)
                if entries and (
                    entries[0].kind == "country"
                    or (
                        entries[0].population >= GAZETTEER_MIN_POPULATION
                        and ascii_fold(entries[0].name) == ascii_fold(span.text)  # not "CUP", "SALE"
                    )
                ):
                    found.append(_Mention(span, EntityKind.PLACE, False))
                    k += n
                    break
            else:
                k += 1
        if not any(m.tokens.start >= i for m in found[-1:]) and j - i <= 3 and j < len(doc):
            line_start = i == 0 or (doc[i - 1].is_space and "\n" in doc[i - 1].text)
            if line_start and doc[j].like_num:
                sports = is_sports_report(doc) if sports is None else sports
                if sports:
                    found.append(_Mention(doc[i:j], EntityKind.ORGANIZATION, False))
        i = j
    return found


def _capitals(token: Token) -> bool:
    return token.is_upper and token.is_alpha and len(token.text) >= 2 and not token.is_stop


def _split_at_line_breaks(span: SpacySpan):
    start = span.start
    for t in span:
        if t.is_space:
            if t.i > start:
                yield span.doc[start : t.i]
            start = t.i + 1
    if start < span.end:
        yield span.doc[start : span.end]


def _trim(span: SpacySpan) -> SpacySpan | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS" or _possessive(doc[end - 1])):
        end -= 1
    if start >= end or not any(c.isalpha() for t in doc[start:end] for c in t.text):
        return None  # ("U.S." has letters though no token is_alpha)
    return doc[start:end]


def _country(span: SpacySpan) -> bool:
    entries = gazetteer().lookup(span.text)
    return bool(entries) and entries[0].kind == "country"


def _acronym_like(text: str) -> bool:
    return len(text) <= 5 and text.replace(".", "").isupper()


def _name_like(span: SpacySpan) -> bool:
    """One to four capitalised words, initials allowed ("John F. Kennedy"): what a title introduces."""
    words = [t for t in span if not t.is_punct]
    return 1 <= len(words) <= 4 and all(t.text[:1].isupper() for t in words) and span[0].is_alpha


def _possessive(token: Token) -> bool:
    """ "'s" written with any apostrophe ("Kupiansk‘s", "Kupianskʼs")."""
    return len(token.text) == 2 and token.text[0] in APOSTROPHES and token.text[1] in "sS"


def _is_title_modifier(span: SpacySpan) -> bool:
    """A department word the model tagged before a title: "Defense" in "Defense Minister X". An
    organisation's or a country's own name stays ("Chevron spokesman", "FAA official", "U.S.
    Ambassador", "Air Force commander")."""
    last = span[-1]
    return (
        last.dep_ == "compound"
        and last.head.lemma_.lower() in TITLE_WORDS
        and last.head.i >= span.end
        and all(t.lower_ in cue_words()["title_department"] for t in span)
    )


def _drop_heading_noise(mentions: list[_Mention]) -> list[_Mention]:
    """Keep a name seen only in a title-case line if the gazetteer knows it, or if it is a
    person's full name (headline noise is "Related News", "Largest City", not people)."""
    in_text = {name_key(m.tokens.text) for m in mentions if not m.in_heading}
    gaz = gazetteer()
    return [
        m
        for m in mentions
        if not m.in_heading
        or name_key(m.tokens.text) in in_text
        or (m.kind is EntityKind.PERSON and len(m.tokens) >= 2)
        or gaz.lookup(m.tokens.text)
    ]


def _cluster_names(ctx: DocContext, mentions: list[_Mention]) -> None:
    gaz = gazetteer()
    full_names = _person_full_names(mentions)
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        votes[name_key(m.tokens.text)][m.kind] += 1

    context = _country_context(mentions, gaz)
    near = set(context[:2])
    cued = _name_cues(ctx.doc, mentions, gaz)
    clusters: dict[tuple, list[SpacySpan]] = {}
    geo: dict[tuple, object] = {}
    regions: dict[tuple, tuple] = {}  # "Donetsk Oblast": the city it is named after, its name
    cue_typed: set[tuple] = set()
    for m in mentions:
        text = m.tokens.text
        key = name_key(text)
        places = gaz.lookup(text, context)
        owner = None if places and places[0].kind == "country" else _owner_full_name(text, full_names)
        if (
            places
            and (m.kind is EntityKind.ORGANIZATION or _acronym_like(text))
            and not gaz.own_name(places[0], text)
        ):
            places = []  # an alternate name (an airport code, a former name) does not beat the model's tag
        cue = cued.get(key)
        region = _region_of(text, context, gaz) if not places else None
        if region is not None:
            city, noun = region
            cluster = (EntityKind.PLACE, f"region:{city.geonameid}")
            regions[cluster] = (city, f"{' '.join(text.split()[:-1])} {noun}")
        elif cue is EntityKind.PERSON or (owner is not None and cue is None):
            cluster = (EntityKind.PERSON, owner or " ".join(fold(t) for t in tokens(text)))
        elif cue is EntityKind.ORGANIZATION:
            cluster = (EntityKind.ORGANIZATION, org_content_tokens(text))
        elif cue is EntityKind.PLACE and not places:
            state = gaz.us_state(text)
            cluster = (
                EntityKind.PLACE,
                f"geonames:{state.geonameid}" if state else " ".join(fold(t) for t in tokens(text)),
            )
            if state is not None:
                geo[cluster] = state
        elif places and not (
            m.kind is EntityKind.PERSON
            and (
                len(m.tokens) > 1
                or (
                    places[0].kind != "country"
                    and places[0].population < GAZETTEER_MIN_POPULATION
                    and places[0].country not in near  # a town of a country the article is about
                )
            )
        ):
            cluster = (EntityKind.PLACE, f"geonames:{places[0].geonameid}")
            geo[cluster] = places[0]
        else:
            kind = _majority(votes[key], m.kind)
            if kind is EntityKind.PERSON:
                cluster = (kind, " ".join(fold(t) for t in tokens(text)))
            elif kind is EntityKind.ORGANIZATION:
                cluster = (kind, org_content_tokens(text))
            else:
                cluster = (kind, " ".join(fold(t) for t in tokens(text)))
        clusters.setdefault(cluster, []).append(m.tokens)
        if cue is not None and cluster[0] is cue:
            cue_typed.add(cluster)

    clusters = _merge_org_variants(clusters)
    for (kind, _), spans in sorted(clusters.items(), key=lambda kv: kv[1][0].start):
        name = _longest_first(spans)
        entry = geo.get((kind, _))
        city, region_name = regions.get((kind, _), (None, None))
        entity = LocalEntity(
            id=len(ctx.extraction.entities),
            kind=kind,
            name=region_name or name,
            names=sorted({s.text for s in spans}),
            geonameid=entry.geonameid if entry else None,
            country=entry.country if entry else (city.country if city else None),
            region_of=city.geonameid if city else None,
            cue=(kind, _) in cue_typed,
        )
        ctx.extraction.entities.append(entity)
        for s in spans:
            ctx.add_mention(entity.id, s)


def _name_cues(doc: Doc, mentions: list[_Mention], gaz) -> dict[str, EntityKind]:
    """Name key -> the kind a title, an organisation word or a team's slot gives the name.

    One such mention types every mention of the name in the article. In a sports report a
    name in a team's slot is a club, unless it is a country (a national team stays a place)
    or a person's name with a given name.
    """
    cued: dict[str, EntityKind] = {}
    sports = is_sports_report(doc)
    team_sport = sports and is_team_sport_report(doc)
    for m in mentions:
        key = name_key(m.tokens.text)
        if m.cue is not None:
            cued.setdefault(key, m.cue)
            continue
        person = m.kind is EntityKind.PERSON
        if not sports or (person and (len(m.tokens) > 1 or not team_sport)):
            continue  # "Edberg beat Rios": in tennis players are subjects of "beat" too
        if team_slot(m.tokens, scores=not person):  # "Hollioake 4-28" is a bowler's figures
            places = gaz.lookup(m.tokens.text)
            if not (places and places[0].kind == "country"):
                cued.setdefault(key, EntityKind.ORGANIZATION)
    return cued


def _repeated_names(ctx: DocContext) -> None:
    """Other occurrences of a name the article already uses are mentions of it too."""
    doc = ctx.doc
    by_words: dict[tuple[str, ...], int] = {}
    for entity in ctx.extraction.entities:
        for name in entity.names:
            by_words.setdefault(tuple(name.split()), entity.id)
    # the lengths of the names that start with each word, longest first: most words start none
    lengths: dict[str, list[int]] = {}
    for words in by_words:
        if words:
            lengths.setdefault(words[0], []).append(len(words))
    for found in lengths.values():
        found.sort(reverse=True)
    texts = [t.text for t in doc]
    taken = ctx.token_entity
    i = 0
    while i < len(texts):
        for n in lengths.get(texts[i], ()):
            if i + n > len(texts):
                continue
            entity_id = by_words.get(tuple(texts[i : i + n]))
            if (
                entity_id is not None
                and not any(j in taken for j in range(i, i + n))
                and (
                    i + n == len(doc)
                    or not doc[i + n].is_alpha
                    or doc[i + n].is_punct
                    or not doc[i + n].is_title
                )
            ):
                ctx.add_mention(entity_id, doc[i : i + n])
                i += n - 1
                break
        i += 1


def _country_context(mentions: list[_Mention], gaz) -> tuple[str, ...]:
    """The countries an article names, most named first: they decide ambiguous place names
    ("Donetsk" in an article about Ukraine is the Ukrainian city, not the Russian town)."""
    counts: Counter[str] = Counter()
    for m in mentions:
        entries = gaz.lookup(m.tokens.text)
        if entries and entries[0].kind == "country":
            counts[entries[0].country] += 1
        code = demonyms().get(m.tokens.text.lower())
        if code:
            counts[code] += 1
    return tuple(code for code, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _longest_first(spans: list[SpacySpan]) -> str:
    """The name of the most words among ``spans``, the first in the text of those (one pass:
    a name may be mentioned thousands of times)."""
    first: dict[str, int] = {}
    for s in spans:
        if s.text not in first or s.start < first[s.text]:
            first[s.text] = s.start
    return max(first, key=lambda t: (len(t.split()), -first[t]))


def _majority(counts: Counter, fallback: EntityKind) -> EntityKind:
    best = max(counts.values())
    tied = [k for k, n in counts.items() if n == best]
    return fallback if fallback in tied else sorted(tied, key=lambda k: k.value)[0]


def _person_full_names(mentions: list[_Mention]) -> dict[str, list[str]]:
    """Folded key of each multi-word PERSON name -> its folded tokens."""
    names = {}
    for m in mentions:
        if m.kind is EntityKind.PERSON and len(tokens(m.tokens.text)) >= 2:
            toks = [fold(t) for t in tokens(m.tokens.text)]
            names[" ".join(toks)] = toks
    return names


def _owner_full_name(text: str, full_names: dict[str, list[str]]) -> str | None:
    """The one full name whose first or last name (or whole) ``text`` is."""
    toks = [fold(t) for t in tokens(text)]
    key = " ".join(toks)
    if key in full_names:
        return key
    if len(toks) != 1:
        return None
    owners = [k for k, parts in full_names.items() if toks[0] in (parts[0], parts[-1])]
    return owners[0] if len(owners) == 1 else None


def _merge_org_variants(clusters: dict[tuple, list[SpacySpan]]) -> dict[tuple, list[SpacySpan]]:
    """Fold "The Study of War" and "ISW" into "Institute for the Study of War"."""
    orgs = [k for k in clusters if k[0] is EntityKind.ORGANIZATION]
    target: dict[tuple, tuple] = {}
    for small in orgs:
        words = small[1]
        supersets = [big for big in orgs if big != small and len(words) >= 2 and words < big[1]]
        if not supersets and len(words) == 1:
            (word,) = words
            supersets = [
                big
                for big in orgs
                if big != small and len(big[1]) >= 2 and _acronym(clusters[big][0]) == word
            ]
        if len(supersets) == 1:
            target[small] = supersets[0]
    merged: dict[tuple, list[SpacySpan]] = {}
    for key, spans in clusters.items():
        while key in target:
            key = target[key]
        merged.setdefault(key, []).extend(spans)
    return merged


def _acronym(span: SpacySpan) -> str:
    return "".join(t.lower_[0] for t in span if t.is_alpha and t.is_title)
