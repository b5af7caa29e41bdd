"""Typed values that flow between the stages of a build.

Readers produce :class:`Article` or :class:`Skip`; extractors turn an Article
and its spaCy ``Doc`` into an :class:`Extraction`; merging maps each
extraction's local ids to graph-wide keys; :mod:`kg.rdf` turns the result into
quads.  Nothing here depends on spaCy or rdflib, so every stage can be tested
with plain values.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

_QUOTE_MARKS = str.maketrans("", "", '"“”„‟«»')


@dataclass(frozen=True)
class Article:
    """One article, with ``text`` being exactly the string offsets refer to."""

    id: str
    text: str
    headline: str
    source: str
    format: str
    encoding: str = "utf-8"
    url: str | None = None
    published: str | None = None  # ISO 8601 date or date-time
    outlet: str | None = None
    external_id: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Skip:
    """An input that was not turned into an article, and why."""

    source: str
    reason: str


class EntityKind(str, enum.Enum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    GROUP = "group"  # actor groups such as "Russian troops"; typed schema:Organization too
    PRODUCT = "product"  # "the A380", "the new phone": schema:Product


class Status(str, enum.Enum):
    """What a LocalEntity becomes in the graph (see docs/rdf-contract.md, "Mentions")."""

    NAMED = "named"  # a named entity: a node, merged across articles by its names
    LOCAL = "local"  # a salient thing the article only describes ("the driver"): a node of this article
    ARGUMENT = "argument"  # a description of nothing named or salient: a mention only, no node


@dataclass(frozen=True)
class Span:
    """Character offsets into :attr:`Article.text`, end exclusive."""

    start: int
    end: int
    text: str


@dataclass
class LocalEntity:
    """An entity as seen in one article: a cluster of coreferent mentions."""

    id: int
    kind: EntityKind
    name: str  # the fullest name the article uses
    mentions: list[Span] = field(default_factory=list)  # names, descriptions, pronouns
    names: list[str] = field(default_factory=list)  # the name forms among them
    geonameid: int | None = None  # places the gazetteer knows
    country: str | None = None  # ISO 3166-1 alpha-2: a place's country, a group's nation
    status: Status = Status.NAMED
    region_of: int | None = None  # a region named after a city ("Donetsk Oblast"): the city's GeoNames id
    cue: bool = False  # typed by a title, an organisation word or a team's slot, not by NER alone


@dataclass
class TimeExpr:
    """A time expression; normalised against the article's date when there is one."""

    span: Span
    date: str | None = None  # ISO date of a single day ("Sunday")
    begin: str | None = None  # first day of a period ("the weekend", "since last month")
    end: str | None = None  # last day of a closed period ("last month")


class Factuality(str, enum.Enum):
    """Whether the text presents an event as having happened (``kg:factuality`` values)."""

    ASSERTED = "asserted"  # "destroyed a pontoon bridge"
    NEGATED = "negated"  # "prevented Russian troops from encircling Kharkiv"
    HEDGED = "hedged"  # "appears to have won", "could be withdrawing"
    ATTEMPTED = "attempted"  # "trying to come out victorious"


@dataclass
class EventMention:
    trigger: Span
    type: str  # local name of a concept in ontology/events.ttl
    lemma: str
    sentence: Span
    agents: list[int] = field(default_factory=list)
    patients: list[int] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    time: TimeExpr | None = None
    factuality: Factuality = Factuality.ASSERTED
    quote: int | None = None  # index of the Quote the event is known only through
    # type-specific roles (kg/data/event_frames.tsv): role -> LocalEntity ids ("victim": [3]);
    # agents, patients and places stay as they are
    roles: dict[str, list[int]] = field(default_factory=dict)
    literals: dict[str, list[str]] = field(default_factory=dict)  # "position": ["chief executive"]
    statement: int | None = None  # a Statement event: index of the Quote said with the same cue
    # the words each argument was found by: a mention of its entity in the event's sentence
    # (the slot's filler, not the entity's nearest mention: "who" stands for the noun it modifies)
    argument_mentions: list[Span] = field(default_factory=list)


@dataclass
class Relation:
    """A relation between two entities, or an entity and a literal value.

    ``predicate`` is a key of :data:`kg.rdf.RELATION_PROPERTIES` ("worksFor",
    "memberOf", "nationality", "jobTitle", "containedInPlace", "location",
    "homeLocation", "birthPlace", "description", "killed"). One per sentence that states it.
    """

    predicate: str
    subject: int  # LocalEntity id
    object: int | None = None  # LocalEntity id, for relations between entities
    value: str | None = None  # a literal, for jobTitle and description
    evidence: Span | None = None  # the words that state it
    subject_mention: Span | None = None  # the mention of the subject in the stating sentence
    object_mention: Span | None = None  # and of the object (relations between entities)
    extractor: str = "relations"  # the rule or pattern that read it (kg:extractor)


@dataclass
class Quantity:
    """A measured amount: "more than 400 Russian troops", "1.4 million residents"."""

    span: Span
    value: float
    unit: str  # unitText: "troops", "residents", "miles", ...
    min_value: float | None = None  # "more than 400" -> min 400
    max_value: float | None = None  # "up to 50" -> max 50
    qualifier: str | None = None  # "before the war"
    measures: str = ""  # "population", "casualties", "distance" or "money"
    entity: int | None = None  # the LocalEntity it measures (population; the place a distance is of)
    event: int | None = None  # index of the EventMention it measures (casualties)
    origin: int | None = None  # for a distance: the LocalEntity it is measured from
    direction: str | None = None  # for a distance: "south", "north-east", ...
    currency: str | None = None  # for money: ISO 4217 ("USD")
    role: str | None = None  # for money: the event's role it fills ("price", "amount")


@dataclass
class Quote:
    pieces: list[Span]  # what was said, as it appears in the text (quotes may be split)
    speaker: int  # LocalEntity id
    cue: Span  # the attribution cue: "said", "according to", ...
    sentence: Span

    @property
    def text(self) -> str:
        """What was said, without quotation marks."""
        joined = " ".join(p.text for p in self.pieces)
        return " ".join(joined.translate(_QUOTE_MARKS).split()).strip(" ,.:;")

    about_entities: list[int] = field(default_factory=list)
    about_events: list[int] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one article, with article-local ids."""

    article: Article
    sentences: list[Span]
    entities: list[LocalEntity] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
