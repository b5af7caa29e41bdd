"""Quantities and what they measure: populations, casualties, distances.

"It had 1.4 million residents before the war" -> the population of Kharkiv, with
the qualifier "before the war"; "the strike killed more than 400 Russian troops"
-> the casualties of the strike, at least 400; "about 78 miles south of Kharkiv"
-> a distance from Kharkiv.  Bounds: "more than"/"over"/"at least" give a
minimum, "less than"/"up to"/"nearly" a maximum, and "about"/"around" ±10%
(kg's reading of an approximation, documented in docs/rdf-contract.md).
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import EntityKind, Quantity
from .context import DocContext, sentence_of

QUANTITY_LABELS = {"CARDINAL", "QUANTITY"}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "hundred": 1e2, "dozen": 12}
WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate(
        ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if w != "_"
}
MINIMUM = ("more than", "over", "at least", "upwards of", "in excess of")
MAXIMUM = ("less than", "fewer than", "up to", "under", "at most", "nearly", "almost")
APPROXIMATE = ("about", "around", "approximately", "roughly", "some", "an estimated")
POPULATION_UNITS = {"resident", "people", "inhabitant", "citizen", "population", "person"}
CASUALTY_EVENTS = {"Killing"}
DISTANCE_UNITS = {
    "mile": "SMI",
    "km": "KMT",
    "kilometre": "KMT",
    "kilometer": "KMT",
    "metre": "MTR",
    "meter": "MTR",
}
DIRECTIONS = re.compile(
    r"(?i)^(north|south|east|west|north-?east|north-?west|south-?east|"
    r"south-?west|northeast|northwest|southeast|southwest)$"
)
LOCATING_VERBS = {"be", "lie", "sit", "locate", "situate", "stand"}
QUALIFYING_PREPOSITIONS = {"before", "after", "during", "since", "until", "as"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def extract_quantities(ctx: DocContext) -> None:
    """Attach numbers to what they measure; numbers that measure nothing known are left out."""
    for ent in ctx.doc.ents:
        if ent.label_ not in QUANTITY_LABELS:
            continue
        parsed = parse_amount(ent.text)
        if parsed is None:
            continue
        value, low, high = parsed
        quantity = _distance(ctx, ent, value, low, high) or _counted(ctx, ent, value, low, high)
        if quantity is not None:
            ctx.extraction.quantities.append(quantity)


def parse_amount(text: str) -> tuple[float, float | None, float | None] | None:
    """(value, minimum, maximum) of a written amount.

    >>> parse_amount("more than 400")
    (400.0, 400.0, None)
    >>> parse_amount("1.4 million")
    (1400000.0, None, None)
    >>> parse_amount("about 78 miles")
    (78.0, 70.2, 85.8)
    >>> parse_amount("six miles")
    (6.0, None, None)
    """
    lowered = " ".join(text.lower().split())
    match = _NUMBER.search(lowered)
    words = re.findall(r"[a-z]+", lowered)
    if match:
        value = float(match.group().replace(",", ""))
        for word in words:
            if word in SCALES:
                value *= SCALES[word]
                break
    else:
        value = _spelled(words)
        if value is None:
            return None
    low = high = None
    if lowered.startswith(MINIMUM):
        low = value
    elif lowered.startswith(MAXIMUM):
        high = value
    elif lowered.startswith(APPROXIMATE):
        low, high = round(value * 0.9, 6), round(value * 1.1, 6)
    return value, low, high


SYMBOLS = {
    "us$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "hk$": "HKD",
    "nz$": "NZD",
    "s$": "SGD",
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "pound": "GBP",
    "sterling": "GBP",
    "euro": "EUR",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rouble": "RUB",
    "ruble": "RUB",
    "franc": "CHF",
    "krona": "SEK",
    "kronor": "SEK",
    "krone": "NOK",
    "won": "KRW",
    "rand": "ZAR",
    "real": "BRL",
    "peso": "MXN",
}
DOLLAR_COUNTRIES = {
    "australian": "AUD",
    "canadian": "CAD",
    "hong": "HKD",
    "zealand": "NZD",
    "singapore": "SGD",
    "taiwan": "TWD",
    "us": "USD",
    "american": "USD",
}
MONEY_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
}
_MONEY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(k|m|mn|mln|bn|tn|thousand|million|billion|trillion)?\b")


def parse_money(text: str) -> tuple[float, str, float | None, float | None] | None:
    """(value, ISO 4217 currency, minimum, maximum) of a written sum of money.

    >>> parse_money("$300m")
    (300000000.0, 'USD', None, None)
    >>> parse_money("£1.2bn")
    (1200000000.0, 'GBP', None, None)
    >>> parse_money("more than 5 million euros")
    (5000000.0, 'EUR', 5000000.0, None)
    >>> parse_money("A$20m")[1], parse_money("40 Australian dollars")[1], parse_money("a lot")
    ('AUD', 'AUD', None)
    """
    lowered = " ".join(text.lower().split())
    currency = None
    for symbol, code in sorted(SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        if symbol in lowered:
            currency = code
            break
    words = re.findall(r"[a-z]+", lowered)
    if currency is None:
        for i, word in enumerate(words):
            code = CURRENCY_WORDS.get(word.rstrip("s")) or CURRENCY_WORDS.get(word)
            if code:
                if code == "USD" and i and words[i - 1] in DOLLAR_COUNTRIES:
                    code = DOLLAR_COUNTRIES[words[i - 1]]
                currency = code
                break
    match = _MONEY.search(lowered.replace("us$", " ").replace("$", " ").replace("£", " ").replace("€", " "))
    if currency is None or match is None:
        return None
    value = float(match.group(1).replace(",", "")) * MONEY_SCALES.get(match.group(2) or "", 1.0)
    low = high = None
    if lowered.startswith(MINIMUM):
        low = value
    elif lowered.startswith(MAXIMUM):
        high = value
    elif lowered.startswith(APPROXIMATE):
        low, high = round(value * 0.9, 6), round(value * 1.1, 6)
    return value, currency, low, high


def _spelled(words: list[str]) -> float | None:
    """ "twenty-five" -> 25, "two hundred thousand" -> 200000; None without number words."""
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word in WORDS or word in TENS:
            current += WORDS.get(word, 0) + TENS.get(word, 0)
            seen = True
        elif word == "hundred" and seen:
            current = (current or 1) * 100
        elif word in SCALES and seen:
            total += (current or 1) * SCALES[word]
            current = 0.0
        elif seen and word not in ("and", "a"):
            break
    return total + current if seen else None


def _counted(ctx: DocContext, ent: SpacySpan, value, low, high) -> Quantity | None:
    """ "1.4 million residents", "more than 400 Russian troops": the noun is the unit."""
    noun = ent.root.head if ent.root.dep_ in ("nummod", "quantmod", "compound") else None
    if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    unit_tokens = [t for t in noun.subtree if t.i >= ent.end and t.i <= noun.i]
    unit = " ".join(t.text for t in unit_tokens) or noun.text
    span = ctx.span(ent.start_char, noun.idx + len(noun.text))
    verb = noun.head
    if (
        noun.lemma_.lower() in POPULATION_UNITS
        and noun.dep_ == "dobj"
        and verb.lemma_.lower() in ("have", "house", "number")
    ):
        place = _subject_place(ctx, verb)
        if place is not None:
            return Quantity(
                span, value, unit, low, high, qualifier=_qualifier(verb), measures="population", entity=place
            )
    event = _event_of(ctx, verb) if noun.dep_ in ("dobj", "nsubjpass") else None
    if event is not None and ctx.extraction.events[event].type in CASUALTY_EVENTS:
        cause = _causing_event(ctx, verb)
        return Quantity(
            span, value, unit, low, high, measures="casualties", event=cause if cause is not None else event
        )
    return None


def _distance(ctx: DocContext, ent: SpacySpan, value, low, high) -> Quantity | None:
    """ "about 78 miles south of Kharkiv", "nearly 31 miles (50km) from Russia's border"."""
    unit_token = next((t for t in ent if t.lemma_.lower() in DISTANCE_UNITS), None)
    if unit_token is None or ent.root.dep_ == "appos":  # "31 miles (50km)": one distance
        return None
    origin, direction = None, None
    for tok in ctx.doc[ent.end : min(ent.end + 8, sentence_of(ent[0]).end)]:
        if DIRECTIONS.match(tok.text) and direction is None:
            direction = tok.text.lower()
        if tok.lower_ in ("of", "from") and origin is None:
            origin = _place_in(ctx, tok)
            break
    if origin is None:
        return None
    subject = _described_place(ctx, ent.root)
    if subject is None or subject == origin:
        return None
    return Quantity(
        ctx.span(ent.start_char, ent.end_char),
        value,
        unit_token.text,
        low,
        high,
        measures="distance",
        entity=subject,
        origin=origin,
        direction=direction,
    )


def _place_in(ctx: DocContext, prep: Token) -> int | None:
    """The place a preposition's object names: "of Kharkiv", "from Russia's border"."""
    for tok in prep.subtree:
        entity_id = ctx.token_entity.get(tok.i)
        if entity_id is not None and ctx.entity(entity_id).kind is EntityKind.PLACE:
            return entity_id
    return None


def _described_place(ctx: DocContext, token: Token) -> int | None:
    """The place a clause is about: "Izyum, which is …", "Kharkiv, which lies …"."""
    for ancestor in token.ancestors:
        if ancestor.dep_ == "relcl":
            entity_id = ctx.token_entity.get(ancestor.head.i)
            if entity_id is not None and ctx.entity(entity_id).kind is EntityKind.PLACE:
                return entity_id
        if ancestor.pos_ in ("VERB", "AUX"):
            if ancestor.lemma_.lower() not in LOCATING_VERBS:
                return None  # "Ukraine controls 25 miles east of the city" is not a distance of Ukraine
            return _subject_place(ctx, ancestor) if ancestor.dep_ != "relcl" else None
    return None


def _subject_place(ctx: DocContext, verb: Token) -> int | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            entity_id = ctx.token_entity.get(child.i)
            if entity_id is None and child.lower_ == "it":
                entity_id = _it_place(ctx, child)
            if entity_id is not None and ctx.entity(entity_id).kind is EntityKind.PLACE:
                return entity_id
    return None


def _it_place(ctx: DocContext, token: Token) -> int | None:
    """ "Kharkiv is … It had …": "it" as the subject after a sentence about a place."""
    sent = sentence_of(token)
    if sent.start == 0:
        return None
    previous = sentence_of(ctx.doc[sent.start - 1])
    subjects = [ctx.token_entity.get(t.i) for t in previous if t.dep_ == "nsubj"]
    places = [e for e in subjects if e is not None and ctx.entity(e).kind is EntityKind.PLACE]
    if len(places) == 1:
        ctx.add_mention(places[0], [token])
        return places[0]
    return None


def _qualifier(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in QUALIFYING_PREPOSITIONS:
            return " ".join(t.text for t in child.subtree)
    return None


def _event_of(ctx: DocContext, token: Token) -> int | None:
    for index, event in enumerate(ctx.extraction.events):
        if event.trigger.start <= token.idx < event.trigger.end:
            return index
    return None


def _causing_event(ctx: DocContext, verb: Token) -> int | None:
    """The event that did the killing: "the strike killed …", "missiles struck X, killing …"."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return _event_of(ctx, child)
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i:
        return _event_of(ctx, verb.head)
    return None
