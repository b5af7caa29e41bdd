"""The vocabulary: the one place that knows which IRIs kg writes.

Every term is an attribute of a :class:`rdflib.namespace.DefinedNamespace`
with ``_fail = True``, so a typo is an ``AttributeError`` at import time rather
than a silently wrong triple.  ``tests/test_vocab.py`` checks the ``KG`` terms
against ``ontology/kg.ttl`` and the event types against ``ontology/events.ttl``.

>>> str(SCHEMA.NewsArticle)
'https://schema.org/NewsArticle'
>>> SCHEMA.Newsarticle
Traceback (most recent call last):
...
AttributeError: term 'Newsarticle' not in namespace 'https://schema.org/'
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

__all__ = [
    "EVENT_NS",
    "GAF",
    "GEO",
    "ID_NS",
    "KG",
    "KGE",
    "KGID",
    "KG_NS",
    "NIF",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEM",
    "SKOS",
    "XSD",
]

KG_NS = "https://w3id.org/kg-news/ns#"
EVENT_NS = "https://w3id.org/kg-news/event-type/"
ID_NS = "https://w3id.org/kg-news/id/"


class SCHEMA(DefinedNamespace):
    """The schema.org terms kg uses."""

    _fail = True
    _NS = Namespace("https://schema.org/")

    NewsArticle: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Product: URIRef
    Country: URIRef
    City: URIRef
    Quotation: URIRef
    QuantitativeValue: URIRef
    MonetaryAmount: URIRef
    currency: URIRef
    headline: URIRef
    url: URIRef
    datePublished: URIRef
    publisher: URIRef
    creator: URIRef
    text: URIRef
    about: URIRef
    name: URIRef
    softwareVersion: URIRef
    version: URIRef
    identifier: URIRef
    encodingFormat: URIRef
    inLanguage: URIRef
    jobTitle: URIRef
    memberOf: URIRef
    worksFor: URIRef
    containedInPlace: URIRef
    description: URIRef
    location: URIRef
    population: URIRef
    nationality: URIRef
    homeLocation: URIRef
    birthPlace: URIRef
    value: URIRef
    unitText: URIRef
    unitCode: URIRef
    minValue: URIRef
    maxValue: URIRef
    sameAs: URIRef


class SEM(DefinedNamespace):
    """Simple Event Model (http://semanticweb.cs.vu.nl/2009/11/sem/)."""

    _fail = True
    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Product: URIRef
    Time: URIRef
    eventType: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTime: URIRef
    hasTimeStamp: URIRef
    hasBeginTimeStamp: URIRef
    hasEndTimeStamp: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format core."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef
    Phrase: URIRef
    Sentence: URIRef
    isString: URIRef
    referenceContext: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    sentence: URIRef


class GAF(DefinedNamespace):
    """Grounded Annotation Framework."""

    _fail = True
    _NS = Namespace("http://groundedannotationframework.org/gaf#")

    denotedBy: URIRef
    denotes: URIRef


class PROV(DefinedNamespace):
    """The PROV-O terms kg uses."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/prov#")

    Activity: URIRef
    SoftwareAgent: URIRef
    Entity: URIRef
    wasDerivedFrom: URIRef
    wasGeneratedBy: URIRef
    wasAssociatedWith: URIRef
    wasAttributedTo: URIRef
    startedAtTime: URIRef
    endedAtTime: URIRef
    used: URIRef


class GEO(DefinedNamespace):
    """W3C WGS84 basic geo vocabulary."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

    lat: URIRef
    long: URIRef


class KG(DefinedNamespace):
    """kg's own terms; each is declared, labelled and aligned in ``ontology/kg.ttl``."""

    _fail = True
    _NS = Namespace(KG_NS)

    # classes
    ActorGroup: URIRef
    EventTypeScheme: URIRef
    Factuality: URIRef
    # the four factuality values
    Asserted: URIRef
    Negated: URIRef
    Hedged: URIRef
    Attempted: URIRef
    # statements, quantities, relations
    factuality: URIRef
    accordingTo: URIRef
    casualties: URIRef
    distance: URIRef
    distanceFrom: URIRef
    direction: URIRef
    qualifier: URIRef
    killed: URIRef
    # the summary graph (kg.summary)
    CoMention: URIRef
    Relation: URIRef
    coMentionOf: URIRef
    sentenceCount: URIRef
    articleCount: URIRef
    outletCount: URIRef
    firstReported: URIRef
    lastReported: URIRef
    disputedProperty: URIRef
    rank: URIRef
    firstStatement: URIRef
    # network analysis (kg analyze)
    Community: URIRef
    community: URIRef
    keyActor: URIRef
    bridges: URIRef
    degreeCentrality: URIRef
    betweenness: URIRef
    pageRank: URIRef
    # event roles, all rdfs:subPropertyOf sem:hasActor
    agent: URIRef
    patient: URIRef
    # type-specific roles (sub-properties of kg:agent, kg:patient, sem:hasActor, sem:hasPlace)
    victim: URIRef
    defendant: URIRef
    authority: URIRef
    prosecutor: URIRef
    plaintiff: URIRef
    court: URIRef
    employee: URIRef
    employer: URIRef
    buyer: URIRef
    seller: URIRef
    item: URIRef
    giver: URIRef
    recipient: URIRef
    winner: URIRef
    loser: URIRef
    participant: URIRef
    origin: URIRef
    destination: URIRef
    price: URIRef
    amount: URIRef
    position: URIRef
    charge: URIRef
    # event / mention annotations
    triggerLemma: URIRef
    timeText: URIRef
    extractor: URIRef
    sourceFile: URIRef
    textEncoding: URIRef
    modelName: URIRef
    modelVersion: URIRef


class KGE(DefinedNamespace):
    """The event-type concepts of ``ontology/events.ttl``."""

    _fail = True
    _NS = Namespace(EVENT_NS)

    scheme: URIRef
    Attack: URIRef
    Shelling: URIRef
    AerialStrike: URIRef
    Offensive: URIRef
    Counteroffensive: URIRef
    Withdrawal: URIRef
    Capture: URIRef
    Liberation: URIRef
    Killing: URIRef
    Destruction: URIRef
    Encirclement: URIRef
    Victory: URIRef
    Expulsion: URIRef
    Fighting: URIRef
    Advance: URIRef
    # the families beyond conflict (LDC ACE / KAIROS)
    Life: URIRef
    Birth: URIRef
    Marriage: URIRef
    Divorce: URIRef
    Injury: URIRef
    Death: URIRef
    Movement: URIRef
    Travel: URIRef
    Transport: URIRef
    Evacuation: URIRef
    Transaction: URIRef
    Acquisition: URIRef
    Sale: URIRef
    Payment: URIRef
    Funding: URIRef
    Donation: URIRef
    Loan: URIRef
    Business: URIRef
    Founding: URIRef
    Merger: URIRef
    Bankruptcy: URIRef
    Closure: URIRef
    FinancialResults: URIRef
    MarketMove: URIRef
    JobCuts: URIRef
    Contact: URIRef
    Meeting: URIRef
    Call: URIRef
    Negotiation: URIRef
    Statement: URIRef
    Announcement: URIRef
    Accusation: URIRef
    Denial: URIRef
    Warning: URIRef
    Appeal: URIRef
    Praise: URIRef
    Apology: URIRef
    Personnel: URIRef
    Election: URIRef
    Nomination: URIRef
    Appointment: URIRef
    Hiring: URIRef
    Resignation: URIRef
    Dismissal: URIRef
    Retirement: URIRef
    Justice: URIRef
    Investigation: URIRef
    Arrest: URIRef
    Charge: URIRef
    Lawsuit: URIRef
    Trial: URIRef
    Conviction: URIRef
    Acquittal: URIRef
    Sentencing: URIRef
    Fine: URIRef
    Settlement: URIRef
    ReleaseFromCustody: URIRef
    Extradition: URIRef
    Pardon: URIRef
    JusticeAppeal: URIRef
    Politics: URIRef
    Vote: URIRef
    Legislation: URIRef
    Agreement: URIRef
    Sanction: URIRef
    Ban: URIRef
    Protest: URIRef
    LabourStrike: URIRef
    Disaster: URIRef
    Earthquake: URIRef
    Flood: URIRef
    Storm: URIRef
    Fire: URIRef
    Crash: URIRef
    Outbreak: URIRef
    Competition: URIRef
    CompetitionWin: URIRef
    CompetitionLoss: URIRef
    Award: URIRef
    ProductRelease: URIRef
    Crime: URIRef
    Theft: URIRef
    Fraud: URIRef
    Occurrence: URIRef  # generic: an eventive verb no specific type fits


KGID = Namespace(ID_NS)

PREFIXES: dict[str, str] = {
    "schema": str(SCHEMA._NS),
    "sem": str(SEM._NS),
    "nif": str(NIF._NS),
    "gaf": str(GAF._NS),
    "prov": str(PROV._NS),
    "geo": str(GEO._NS),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "owl": str(OWL),
    "xsd": str(XSD),
    "kg": KG_NS,
    "kge": EVENT_NS,
    "kgid": ID_NS,
}
