"""Type-specific event roles from the frame table ``kg/data/event_frames.tsv``.

The events extractor finds an event's agents and patients from the parse; this module
adds the roles a type gives its syntactic slots: the subject of "bought" is the buyer,
the "from" object its seller, "for $1.2bn" its price. Entities come from
``ctx.resolve(token)`` (so a better resolver of nominal and pronoun mentions plugs in
without changes here); prices and amounts become money quantities
(``schema:MonetaryAmount``); positions and charges are kept as written.

>>> frames = load_frames()
>>> frames.roles_for("Acquisition", "buy", "pp:for"), frames.roles_for("Travel", "visit", "pp:to")
(('price',), ('destination:place',))
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from spacy.tokens import Token

from ..model import EntityKind, EventMention, LocalEntity, Quantity, Status
from .context import DocContext, sentence_of

FRAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "event_frames.tsv"
MONEY_ROLES = frozenset({"price", "amount"})
LITERAL_ROLES = frozenset({"position", "charge"})
PATIENT_ROLES = frozenset({"victim", "defendant"})  # rdfs:subPropertyOf kg:patient
AGENT_ROLES = frozenset({"authority", "prosecutor", "plaintiff"})  # rdfs:subPropertyOf kg:agent
PLACE_ROLES = frozenset({"origin", "destination"})  # rdfs:subPropertyOf sem:hasPlace
KINDS = {k.value: k for k in EntityKind}
_TRIM = " ,.;:\"'“”‘’()"
# a slot's noun that refers to nothing found so far becomes an argument mention of its own
ARGUMENT_POS = frozenset({"NOUN", "PROPN"})
NOT_ARGUMENT_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
ENT_KINDS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
    "NORP": EntityKind.GROUP,
    "PRODUCT": EntityKind.PRODUCT,
}
RELATIVE_TAGS = frozenset({"WP", "WDT", "WP$"})
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee", "ier", "eer")
PEOPLE_NOUNS = frozenset(
    {"troops", "forces", "crowd", "staff", "personnel", "public", "family", "delegate", "youth"}
    | {"score", "dozen", "hundred", "thousand", "million"}  # "scores died", "thousands were arrested"
)
THING_ROLES = frozenset({"item"})  # the roles a thing ("weapons", "a car") may fill
# the roles a bare number may fill: "injured another 15", "five more were wounded", "of the 130 injured"
COUNTED_ROLES = frozenset({"victim"})
COUNTED_DEPS = frozenset({"dobj", "nsubjpass", "nsubj", "pobj", "conj", "appos"})
# weapons and vehicles: what an attack is made with, never its agent ("missiles struck the city")
INSTRUMENT_NOUNS = frozenset(
    [
        "missile",
        "rocket",
        "bomb",
        "shell",
        "grenade",
        "drone",
        "device",
        "ied",
        "explosive",
        "explosives",
        "gun",
        "rifle",
        "weapon",
        "mortar",
        "artillery",
        "knife",
        "bullet",
        "munition",
        "warhead",
        "mine",
        "car",
        "truck",
        "vehicle",
        "van",
        "lorry",
    ]
)


class FramesError(ValueError):
    """``event_frames.tsv`` cannot be read; the message says where."""


@dataclass(frozen=True)
class Frames:
    rows: Mapping[tuple[str, str], tuple[str, ...]]  # (type or "type:lemma", slot) -> roles
    broader: Mapping[str, str]

    def roles_for(self, event_type: str, lemma: str, slot: str) -> tuple[str, ...]:
        """The roles a slot gives, from the type's own rows up its broader types."""
        found = self.rows.get((f"{event_type}:{lemma}", slot))
        if found:
            return found
        seen = set()
        while event_type and event_type not in seen:
            seen.add(event_type)
            found = self.rows.get((event_type, slot))
            if found:
                return found
            event_type = self.broader.get(event_type, "")
        return ()

    def slots(self, event_type: str, lemma: str) -> set[str]:
        """Every slot any row of this type (or its broader types) names."""
        types, seen = {f"{event_type}:{lemma}"}, set()
        while event_type and event_type not in seen:
            seen.add(event_type)
            types.add(event_type)
            event_type = self.broader.get(event_type, "")
        return {slot for (t, slot) in self.rows if t in types}


@functools.lru_cache(maxsize=4)
def load_frames(path: Path = FRAMES_FILE) -> Frames:
    from ..lexicon import load_event_types
    from ..vocab import KG

    lexicon = load_event_types()
    rows: dict[tuple[str, str], tuple[str, ...]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 3:
            raise FramesError(f"{path}:{number}: expected type, slot, roles")
        event_type, slot, roles = cells[:3]
        if event_type.split(":")[0] not in lexicon.labels:
            raise FramesError(f"{path}:{number}: {event_type!r} is not an event type of events.ttl")
        names = tuple(r.strip() for r in roles.split("|") if r.strip())
        for name in (n for n in names if n != "-"):
            role, _, kind = name.partition(":")
            if not hasattr(KG, role) and role not in MONEY_ROLES | LITERAL_ROLES:
                raise FramesError(f"{path}:{number}: {role!r} is not a role of ontology/kg.ttl")
            if kind and kind not in KINDS:
                raise FramesError(f"{path}:{number}: unknown kind {kind!r}")
        rows[(event_type, slot)] = names
    return Frames(MappingProxyType(rows), lexicon.broader)


def _pobjs(token: Token) -> Iterable[tuple[str, Token]]:
    for child in token.children:
        if child.dep_ in ("prep", "prt"):  # "called on Muslims to ..." ("on" a particle with an object)
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield f"pp:{child.lower_}", pobj


def extra_slots(trigger: Token) -> list[tuple[str, Token]]:
    """The slots beyond subject and object: prepositional objects, indirect objects,
    object predicates; a nominal trigger's light verb lends its own."""
    found = list(_pobjs(trigger))
    found += [("iobj", c) for c in trigger.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    found += [
        (f"pp:{c.lower_}", g)
        for c in trigger.children
        if c.dep_ == "dative" and c.pos_ == "ADP"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    found += [("oprd", c) for c in trigger.children if c.dep_ in ("oprd", "attr")]
    head = trigger.head
    if trigger.pos_ != "VERB" and trigger.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
        # "gave a warning to the police", "warnings were given to the police"
        found += [(slot, t) for slot, t in _pobjs(head) if not any(t is u for _, u in found)]
        found += [
            (f"pp:{c.lower_}", g)
            for c in head.children
            if c.dep_ == "dative" and c.pos_ == "ADP"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        found += [("iobj", c) for c in head.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        if trigger.dep_ == "dobj":  # "they were given an ultimatum": they receive it
            found += [("iobj", c) for c in head.children if c.dep_ == "nsubjpass"]
    return found


def money_tokens(trigger: Token) -> list[Token]:
    """MONEY tokens on the trigger, its prepositions, or (for a noun) its light verb."""
    near = [*trigger.children, *(g for c in trigger.children if c.dep_ == "prep" for g in c.children)]
    head = trigger.head
    if trigger.pos_ != "VERB" and head.pos_ == "VERB" and head.i != trigger.i:
        near += [c for c in head.children if c.dep_ in ("dobj", "npadvmod", "attr")]
        near += [g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    found = []
    for tok in sorted(near, key=lambda t: t.i):
        money = next((t for t in tok.subtree if t.ent_type_ == "MONEY"), None) if tok.i != trigger.i else None
        if money is not None and money.i not in {t.i for t in found}:
            found.append(money)
    return found


def assign_roles(
    ctx: DocContext,
    trigger: Token,
    event: EventMention,
    subjects: list[Token],
    objects: list[Token],
    event_index: int,
) -> None:
    """Fill ``event.roles``, ``event.literals`` and money quantities from the frame table."""
    frames = load_frames()
    wanted = frames.slots(event.type, event.lemma)
    if not wanted:
        return
    slots: list[tuple[str, Token]] = [(_subject_slot(frames, event, t), t) for t in subjects]
    slots += [("obj", t) for t in objects]
    if wanted - {"subj", "obj", "money"}:
        slots += extra_slots(trigger)
    money_done = False
    for slot, token in slots:
        roles = frames.roles_for(event.type, event.lemma, slot)
        if roles and _fill(ctx, event, token, roles, event_index):
            money_done = money_done or token.ent_type_ == "MONEY"
    if "money" in wanted and not money_done:
        roles = frames.roles_for(event.type, event.lemma, "money")
        for token in money_tokens(trigger)[:1]:
            _fill(ctx, event, token, roles, event_index)
    for role in PATIENT_ROLES:  # "X died": X is the victim, a patient, not an agent
        for entity_id in event.roles.get(role, ()):
            if entity_id in event.agents:
                event.agents.remove(entity_id)
                if entity_id not in event.patients:
                    event.patients.append(entity_id)
    for role in AGENT_ROLES:
        for entity_id in event.roles.get(role, ()):
            if entity_id in event.patients and entity_id not in event.agents:
                event.patients.remove(entity_id)
                event.agents.append(entity_id)


def _subject_slot(frames: Frames, event: EventMention, token: Token) -> str:
    """ "subj", or "poss" (a noun's possessor) and "by" (a passive's agent) where a row names them."""
    if token.dep_ == "poss":
        slot = "poss"
    elif token.dep_ == "pobj" and token.head.dep_ == "agent":
        slot = "by"
    else:
        return "subj"
    return slot if frames.roles_for(event.type, event.lemma, slot) else "subj"


def _fill(ctx: DocContext, event: EventMention, token: Token, roles: tuple[str, ...], index: int) -> bool:
    for name in roles:
        if name == "-":  # the slot gives no role for this type (a broader type's is not wanted)
            return False
        role, _, kind = name.partition(":")
        if role in MONEY_ROLES:
            if token.ent_type_ == "MONEY":
                _add_money(ctx, event, token, role, index)
                return True
            continue
        if token.ent_type_ == "MONEY":
            continue
        if role in LITERAL_ROLES:
            text = _phrase(ctx, token)
            if text:
                values = event.literals.setdefault(role, [])
                if text not in values:
                    values.append(text)
                return True
            continue
        fits = functools.partial(_fits, role=role, kind=kind)
        counted = role in COUNTED_ROLES
        resolved = [(argument_of(ctx, t, fits, counted), t) for t in (token, *token.conjuncts)]
        found = [(i, t) for i, t in resolved if i is not None]
        if found:
            # "agent", "patient": kg:agent, kg:patient themselves ("a warning to the police")
            generic = {"agent": event.agents, "patient": event.patients}.get(role)
            fillers = event.roles.setdefault(role, []) if generic is None else generic
            for i, t in found:
                if i not in fillers:
                    fillers.append(i)
                note_mention(ctx, event, i, t)
            return True
    return False


def _fits(entity: LocalEntity, role: str, kind: str) -> bool:
    """An entity of the kind a frame asks for; a city is a place, never a participant."""
    from .senses import _is_country

    if kind and entity.kind is not KINDS[kind]:
        return False
    if role in PLACE_ROLES:
        return entity.kind is EntityKind.PLACE
    if entity.kind is EntityKind.PRODUCT and entity.status is Status.ARGUMENT:
        return role in THING_ROLES  # "won the title": a title is not a loser
    return entity.kind is not EntityKind.PLACE or _is_country(entity)


def _phrase(ctx: DocContext, token: Token) -> str:
    """The words of a literal role: the token's phrase up to a relative clause or a comma."""
    words = [t for t in token.subtree if sentence_of(t).start == sentence_of(token).start]
    cut = next(
        (t.i for t in words if t.i > token.i and (t.dep_ in ("relcl", "punct") or t.lower_ == "who")), None
    )
    words = [t for t in words if cut is None or t.i < cut]
    if not words:
        return ""
    text = ctx.article.text[words[0].idx : words[-1].idx + len(words[-1].text)].strip(_TRIM)
    return text if len(text) <= 80 else ""


def _add_money(ctx: DocContext, event: EventMention, token: Token, role: str, index: int) -> None:
    from .quantities import parse_money

    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None:
        return
    if ent.start > 0 and token.doc[ent.start - 1].tag_ == "$":  # "$ 20" where the model left "$" out
        ent = token.doc[ent.start - 1 : ent.end]
    parsed = parse_money(ent.text)
    if parsed is None:
        return
    value, currency, low, high = parsed
    span = ctx.span(ent.start_char, ent.end_char)
    for q in ctx.extraction.quantities:
        if q.span == span:
            return
    ctx.extraction.quantities.append(
        Quantity(
            span, value, currency, low, high, measures="money", event=index, currency=currency, role=role
        )
    )


def argument_of(
    ctx: DocContext, token: Token, accept: Callable[[LocalEntity], bool] | None = None, counted: bool = False
) -> int | None:
    """The entity a slot's word refers to (:meth:`DocContext.resolve`), if ``accept`` takes it.

    A noun that refers to nothing found so far ("weapons", "the delegates") becomes an argument
    mention of its own (:attr:`Status.ARGUMENT`: a ``nif:Phrase``, no node), made only when
    ``accept`` takes it, so that every such mention is some event's argument. Unresolved
    pronouns stay unresolved (docs/rdf-contract.md). With ``counted`` (a role people are counted in:
    victims) a bare number is such a mention too: "injured another 15", "five more were wounded"."""
    entity_id = ctx.resolve(token)
    if entity_id is None and token.tag_ in RELATIVE_TAGS and token.head.dep_ == "relcl":
        token = token.head.head  # "an Army captain who was killed": the noun "who" stands for
        entity_id = ctx.resolve(token)
    if entity_id is None:
        entity_id = ctx.memo.get(("argument", token.i))
    if entity_id is not None:
        return entity_id if accept is None or accept(ctx.entity(entity_id)) else None
    candidate = _argument_candidate(ctx, token, counted)
    if candidate is None or (accept is not None and not accept(candidate)):
        return None
    candidate.id = len(ctx.extraction.entities)
    ctx.extraction.entities.append(candidate)
    ctx.memo[("argument", token.i)] = candidate.id
    return candidate.id


def _argument_candidate(ctx: DocContext, head: Token, counted: bool = False) -> LocalEntity | None:
    """The argument mention a noun (with ``counted``, a number of people) would make: its words
    up to the head, its kind."""
    from .mentions import mention_nouns

    if counted and _counted_people(head):
        return _argument_mention(ctx, head, EntityKind.GROUP)
    if head.pos_ not in ARGUMENT_POS or head.ent_type_ in NOT_ARGUMENT_ENTS or not head.is_alpha:
        return None
    kind = ENT_KINDS.get(head.ent_type_) or mention_nouns().get(head.lemma_.lower()) or _kind_of_noun(head)
    return _argument_mention(ctx, head, kind)


def _counted_people(head: Token) -> bool:
    """A bare number standing for people: "another 15", "more than 260", "five" (not "5%")."""
    return head.pos_ == "NUM" and head.ent_type_ in ("", "CARDINAL") and head.dep_ in COUNTED_DEPS


def _argument_mention(ctx: DocContext, head: Token, kind: EntityKind) -> LocalEntity:
    start = head.left_edge.i
    while start < head.i and (ctx.doc[start].is_punct or ctx.doc[start].is_space):
        start += 1
    end = head.i + 1
    if end < len(ctx.doc) and ctx.doc[end].head.i == head.i and ctx.doc[end].lower_ in ("more", "others"):
        end += 1  # "some 130 more"
    tokens = list(ctx.doc[start:end])
    if any(t.is_space for t in tokens) or len(tokens) > 8:
        tokens = [head]
    span = ctx.token_span(tokens)
    return LocalEntity(id=-1, kind=kind, name=span.text, mentions=[span], status=Status.ARGUMENT)


def not_an_instrument(token: Token) -> Callable[[LocalEntity], bool]:
    """Whether an entity may be the agent ``token`` names: not a weapon or vehicle described,
    not named ("missiles struck the city": they are what it was struck with), nor a salient
    thing the article describes ("the device exploded", "it exploded")."""
    lemma = token.lemma_.lower()
    return lambda e: (
        e.status is Status.NAMED
        or (
            lemma not in INSTRUMENT_NOUNS
            and (e.status is Status.ARGUMENT or e.kind is not EntityKind.PRODUCT)
        )
    )


def _kind_of_noun(head: Token) -> EntityKind:
    """A common noun's kind: people by their agent-noun ending ("bidders", "asylum seekers",
    "militants", "civilians"), else a thing (:attr:`EntityKind.PRODUCT`, never written for an
    argument mention: only frame roles that take things accept it)."""
    lemma = head.lemma_.lower()
    if lemma in PEOPLE_NOUNS or (len(lemma) > 4 and lemma.endswith(AGENT_SUFFIXES)):
        return EntityKind.GROUP if head.tag_ == "NNS" or lemma in PEOPLE_NOUNS else EntityKind.PERSON
    return EntityKind.PRODUCT


def note_mention(ctx: DocContext, event: EventMention, entity_id: int, token: Token) -> None:
    """Remember the words an argument was found by (:attr:`EventMention.argument_mentions`):
    the mention of its entity that holds ``token``; for a relative pronoun ("the man who"),
    the noun it stands for."""
    noun = token.head.head
    if (
        token.tag_ in RELATIVE_TAGS
        and token.head.dep_ == "relcl"
        and entity_id in (ctx.resolve(noun), ctx.memo.get(("argument", noun.i)))
    ):
        token = token.head.head
    for m in ctx.entity(entity_id).mentions:
        if m.start <= token.idx < m.end:
            if m not in event.argument_mentions:
                event.argument_mentions.append(m)
            return
