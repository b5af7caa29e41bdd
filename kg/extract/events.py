"""Reported events: triggers from the lexicon (``ontology/events.ttl`` and the learned
``kg/data/event_triggers_learned.tsv``), typed in context by the sense rules
(:mod:`kg.extract.senses`), roles from the parse and the frame table (:mod:`kg.extract.roles`)."""

from __future__ import annotations

from spacy.tokens import Token

from ..gazetteer import gazetteer
from ..model import EntityKind, EventMention, Status, TimeExpr
from ..names import demonyms
from .context import DocContext, sentence_of
from .roles import RELATIVE_TAGS, argument_of, assign_roles, load_frames, not_an_instrument, note_mention
from .senses import load_senses

# Words that only trigger with a particle ("pull back") or a place object ("leave the city").
NEEDS_PARTICLE = {"pull"}
NEEDS_PLACE_OBJECT = {"leave", "take"}
VERB_ONLY = {"bomb"}  # as a noun: the weapon
# "launched a counteroffensive": the subject of a light verb (kg/data/event_cues.tsv, "light")
# is the nominal event's agent.
# "Kharkiv faced bombardment": the subject of these undergoes the nominal event.
UNDERGO_VERBS = {"face", "suffer", "endure", "undergo", "witness", "survive"}
# Verbs whose object is the understood subject of their complement ("forced them to leave").
OBJECT_CONTROL = {"force", "prevent", "order", "stop", "compel", "allow", "help", "push"}
# Event types whose "of" argument is the agent ("the withdrawal of its troops").
OF_IS_AGENT = {"Withdrawal", "Advance", "Offensive", "Counteroffensive", "Fighting", "Victory"}
OF_IS_KIND = {"Crime", "Fraud"}  # "crimes of treason": what kind of crime, not whom it hurt
TARGETING = {"target", "hit", "aim"}
# "the blast damaged the station": what an event noun does this to, it is made on
STRIKING_VERBS = TARGETING | {
    "strike",
    "damage",
    "destroy",
    "rock",
    "shatter",
    "wreck",
    "devastate",
    "flatten",
}
# "a series of attacks": the verb's subject is the agent of the nouns in the series
SERIES_NOUNS = {
    "series",
    "wave",
    "spate",
    "string",
    "campaign",
    "round",
    "spree",
    "flurry",
    "barrage",
    "rash",
}
# "an assassination attempt", "a bombing campaign": what the event noun modifies is no target
PLAN_NOUNS = {"attempt", "plot", "plan", "campaign", "operation", "bid", "threat", "effort", "mission"}
MEDIUM_PREPOSITIONS = {"in", "under", "during", "via", "through"}  # "said under oath"


def _communicative(event_type: str) -> bool:
    """Contact and Statement events and the types below them (Meeting, Warning, Appeal ...)."""
    seen = set()
    while event_type and event_type not in seen:
        if event_type in ("Contact", "Statement"):
            return True
        seen.add(event_type)
        event_type = load_frames().broader.get(event_type, "")
    return False


RESPONSIBILITY_NOUNS = {"responsibility", "credit"}  # "claimed responsibility for the attack"
# verbs whose object did what their "for"/"with"/"of" object names ("convicted X of the murder")
BLAME_VERBS = {
    "blame",
    "accuse",
    "arrest",
    "charge",
    "convict",
    "sentence",
    "condemn",
    "suspect",
    "jail",
    "indict",
    "prosecute",
    "punish",
    "detain",
    "hold",
    "implicate",
    "question",
}
PLACE_PREPOSITIONS = {
    "in",
    "at",
    "near",
    "around",
    "from",
    "into",
    "outside",
    "across",
    "inside",
    "within",
    "throughout",
    "through",
    "toward",
    "towards",
    "on",
    "over",
    "of",
    "to",
}


def extract_events(ctx: DocContext) -> None:
    times = {t.span.start: t for t in ctx.extraction.times}
    senses = load_senses()
    for token in ctx.doc:
        found = _trigger(ctx, token)
        if found is None:  # a lexicon verb _trigger declines ("leave" with no place) is one too
            found = _occurrence(ctx, token, senses, typed_word=ctx.lexicon.generic)
        if found is None:
            continue
        event_type, lemma, first, last = found
        if event_type != GENERIC:  # the sense rules are the lexicon's words' ("leave" is Travel)
            event_type = senses.decide(ctx, token, lemma, event_type)
        if event_type is None and found[0] != GENERIC and token.pos_ == "VERB":
            # a verb the sense rules give no type ("fell 30 feet", "fired a coach"): it still
            # names something that happened
            found = _occurrence(ctx, token, senses, typed_word=ctx.lexicon.generic)
            if found is None:
                continue
            event_type, lemma, first, last = found
        if event_type is None or _carried_by_verb(ctx, token) or _light_verb(ctx, token, senses):
            continue
        sentence = sentence_of(token)
        event = EventMention(
            trigger=ctx.span(first.idx, last.idx + len(last.text)),
            type=event_type,
            lemma=lemma,
            sentence=ctx.span(sentence.start_char, sentence.end_char),
        )
        if event_type != GENERIC or _may_name_two(ctx, sentence):
            agents, patients = _fill_roles(ctx, token, event)
            assign_roles(ctx, token, event, agents, patients, len(ctx.extraction.events))
        event.time = _time_of(token, times, ctx.memo)
        if event.type == GENERIC and _named_participants(ctx, event) < OCCURRENCE_MIN_NAMED:
            event.agents, event.patients, event.places, event.roles = [], [], [], {}
            event.argument_mentions = []
        ctx.extraction.events.append(event)
    _typed_events_keep_arguments(ctx.extraction.events)


def _may_name_two(ctx: DocContext, sentence) -> bool:
    """Whether the sentence has two words that name an entity or may refer to a named one (an
    Occurrence keeps arguments only with two named participants: without, its roles are not
    looked for)."""
    key = ("may name two", sentence.start)
    if key not in ctx.memo:
        named = {
            ctx.token_entity[t.i]
            for t in sentence
            if t.i in ctx.token_entity and ctx.entity(ctx.token_entity[t.i]).status is Status.NAMED
        }
        pronouns = sum(t.pos_ == "PRON" for t in sentence)
        ctx.memo[key] = len(named) + pronouns >= OCCURRENCE_MIN_NAMED
    return bool(ctx.memo[key])


def _named_participants(ctx: DocContext, event: EventMention) -> int:
    return len({e for e in (*event.agents, *event.patients) if ctx.entity(e).status is Status.NAMED})


def _typed_events_keep_arguments(events: list[EventMention]) -> None:
    """An Occurrence never shares an argument with a typed event of its sentence: the typed
    event keeps it ("attacked the town, destroying homes": the town is the attack's)."""
    typed: dict[tuple[int, int], set[int]] = {}
    for e in events:
        if e.type != GENERIC:
            key = (e.sentence.start, e.sentence.end)
            typed.setdefault(key, set()).update(
                e.agents, e.patients, e.places, *(ids for ids in e.roles.values())
            )
    for e in events:
        taken = typed.get((e.sentence.start, e.sentence.end)) if e.type == GENERIC else None
        if taken:
            e.agents = [a for a in e.agents if a not in taken]
            e.patients = [p for p in e.patients if p not in taken]
            e.places = [p for p in e.places if p not in taken]
            e.roles = {r: [x for x in ids if x not in taken] for r, ids in e.roles.items()}
            e.roles = {r: ids for r, ids in e.roles.items() if ids}


def _light_verb(ctx: DocContext, verb: Token, senses) -> bool:
    """ "paid tribute", "struck a deal", "launched an attack": a light verb whose object is
    an event noun is no event of its own (the noun is; its agent is the verb's subject)."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in light_verbs():
        return False
    lex = ctx.lexicon
    for c in verb.children:
        if c.dep_ == "dobj" and c.pos_ == "NOUN":
            lemma = c.lemma_.lower()
            found = lex.lookup(lemma, c.pos_)
            if found is not None and senses.decide(ctx, c, lemma, found) is not None:
                return True
    return False


def light_verbs() -> frozenset[str]:
    """The light verbs of kg/data/event_cues.tsv ("launch", "hold", "file", "take" ...)."""
    return load_senses().cues.get("light", frozenset())


def _carried_by_verb(ctx: DocContext, noun: Token) -> bool:
    """ "profits jumped 76%": the change verb carries the event; its subject is no second one."""
    if noun.dep_ != "nsubj" or noun.pos_ != "NOUN":
        return False
    head = noun.head
    return head.pos_ == "VERB" and ctx.lexicon.by_lemma.get(head.lemma_.lower()) == "MarketMove"


def _trigger(ctx: DocContext, token: Token) -> tuple[str, str, Token, Token] | None:
    """(event type, lemma, first token, last token) if ``token`` triggers an event."""
    if token.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ") or token.i in ctx.token_entity:
        return None
    lemma = token.lemma_.lower()
    lex = ctx.lexicon
    if lemma not in lex.words and token.lower_ not in lex.words:
        return None
    if token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.pos_ == "PROPN":
        return None  # part of a name: "Finance Minister", "Investment Co", "Development Bank"
    if token.dep_ == "dobj" and token.head.pos_ == "VERB":  # "took a 10% stake"
        phrase = (token.head.lemma_.lower(), lemma)
        if phrase in lex.by_phrase:
            return lex.by_phrase[phrase], " ".join(phrase), token, token
    for child in token.children:  # "pulled back", "drive out", "pull out of" ("out" as a preposition)
        if child.dep_ in ("prt", "advmod", "prep") and child.i == token.i + 1:
            phrase = (lemma, child.lower_)
            if phrase in lex.by_phrase:
                return lex.by_phrase[phrase], " ".join(phrase), token, child
    for child in token.children:  # "missile attack", "air strike"
        if child.dep_ in ("compound", "amod") and child.i == token.i - 1:
            phrase = (child.lemma_.lower(), lemma)
            if phrase in lex.by_phrase:
                return lex.by_phrase[phrase], " ".join(phrase), child, token
    if lemma in NEEDS_PARTICLE:
        return None
    if token.head.lower_ == "in" and lemma == "advance":
        return None  # "in advance"
    for candidate in (lemma, token.lower_):
        if candidate in VERB_ONLY and token.pos_ != "VERB":
            continue
        found = lex.lookup(candidate, token.pos_)
        if found is not None:
            if candidate in NEEDS_PLACE_OBJECT and not _has_place_object(ctx, token):
                return None
            return found, candidate, token, token
    return None


GENERIC = "Occurrence"  # the type of an eventive verb no specific type fits
STATEMENT = "Statement"
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent"})
# An Occurrence keeps its arguments only where it has two named participants (who did what to
# whom): one participant or none says little, and the graph keeps the trigger, its sentence,
# time and factuality (on WikiEvents, every Occurrence's arguments cost 11 points of argument F1)
OCCURRENCE_MIN_NAMED = 2


def _occurrence(
    ctx: DocContext, token: Token, senses, typed_word: bool = False
) -> tuple[str, str, Token, Token] | None:
    """The generic layer: a word no lexicon entry names that names something that happens:
    kge:Occurrence, whose label names the lemma ("foiled": Occurrence (foil)). A verb that is
    not a state, a modal, an aspect or a relation (the cue list "stative") and whose form says it
    happened (:func:`_happened`) or that has a named participant of its own (a subject or object
    that names an entity or refers to a named one) and names an event of its own (not in the cue
    list "not_eventive"); a noun of the learned list of eventive nouns of no type
    (``EventLexicon.occurrence_nouns``). A speech act with content (the
    cue list "speech_acts": "stressed", "cited") that has a named participant is a Statement,
    with the generic layer off too. ``typed_word``: a verb of the lexicon that the sense rules
    gave no type."""
    if token.i in ctx.token_entity or token.dep_ in ("amod", "compound"):
        return None
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN":
        if (
            ctx.lexicon.generic
            and lemma in ctx.lexicon.occurrence_nouns
            and token.lower_ not in ctx.lexicon.words
        ):
            return GENERIC, lemma, token, token
        return None
    if token.pos_ != "VERB":
        return None
    if not lemma.isalpha() or len(lemma) < 3:
        return None
    if not typed_word and (lemma in ctx.lexicon.words or token.lower_ in ctx.lexicon.words):
        return None  # the lexicon's (a lexicon verb the sense rules reject: ``typed_word``)
    if token.text[:1].isupper() and token.i != sentence_of(token).start:
        return None  # a title's word ("Really Bend It Like Beckham")
    eventive = lemma not in senses.cues.get("not_eventive", frozenset()) and lemma not in OBJECT_CONTROL
    named = eventive and any(c.dep_ in PARTICIPANT_DEPS and _named(ctx, c) for c in token.children)
    if named and lemma in senses.cues.get("speech_acts", frozenset()):
        return STATEMENT, lemma, token, token  # "stressed", "cited": a statement with content
    if not ctx.lexicon.generic or lemma in senses.cues.get("stative", frozenset()):
        return None  # the generic layer is off (KG_GENERIC_EVENTS, kg.lexicon), or a state
    if not named and not ctx.lexicon.every_verb and not _happened(token):
        return None  # "the list predicts", "will be seen as", "to avoid": no happening stated
    return GENERIC, lemma, token, token


PAST_AUXILIARIES = frozenset({"has", "have", "had", "was", "were", "been", "'s", "'ve", "'d"})


def _happened(verb: Token) -> bool:
    """The verb's form says it happened: a past tense ("fell"), or a past participle with a
    perfect or past auxiliary ("has fallen", "was overtaken"); not a present ("dominates the
    list"), an infinitive ("to avoid") or a gerund ("arguing")."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in PAST_AUXILIARIES for c in verb.children
    )


def _named(ctx: DocContext, token: Token) -> bool:
    """The word names an entity, or refers to a named one ("he", "the company")."""
    entity_id = ctx.resolve(token)
    return entity_id is not None and ctx.entity(entity_id).status is Status.NAMED


def _has_place_object(ctx: DocContext, verb: Token) -> bool:
    return any(c.dep_ == "dobj" and _entity_kind(ctx, c) is EntityKind.PLACE for c in verb.children)


def _entity_kind(ctx: DocContext, token: Token) -> EntityKind | None:
    entity_id = ctx.token_entity.get(token.i)
    return ctx.entity(entity_id).kind if entity_id is not None else None


def _fill_roles(ctx: DocContext, trigger: Token, event: EventMention) -> tuple[list[Token], list[Token]]:
    """Agents, patients and places of the event; returns the agent and patient tokens."""
    if trigger.dep_ == "amod" and trigger.tag_ in ("VBG", "VBN") and trigger.head.i != trigger.i:
        # "the counterattacking forces" attack; "the encircled city" is encircled
        agents, patients = ([trigger.head], []) if trigger.tag_ == "VBG" else ([], [trigger.head])
    elif trigger.pos_ == "VERB":
        agents, patients = _verb_arguments(trigger)
    elif trigger.pos_ == "ADJ" and trigger.dep_ in ("acomp", "xcomp", "oprd"):
        # "trying to come out victorious": the one who comes out is the one who wins
        # "was shot dead by police", "shot him dead": the one shot undergoes it, "by" does it
        head = trigger.head
        patients = [c for c in head.children if c.dep_ in ("nsubjpass", "dobj")]
        agents = [g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not patients:
            agents = [c for c in head.children if c.dep_ == "nsubj"] or _understood_subject(head)
    else:
        agents, patients = _noun_arguments(trigger, event.type)
    agents, patients = agents + _members(ctx, agents), patients + _members(ctx, patients, trigger)
    place_tokens = _places_under(ctx, trigger)
    for child in trigger.children:
        if child.dep_ in ("prt", "advmod", "dobj"):
            # "pulled back from Kharkiv" (from hangs on "back"), "destroyed a bridge in Bilohorivka"
            place_tokens += _places_under(ctx, child)
    clause = trigger if trigger.pos_ == "VERB" else trigger.head
    if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
        place_tokens.append(clause.head)  # "Bilohorivka, where the strike killed ..."
    if trigger.pos_ != "VERB" and trigger.head.pos_ == "VERB" and trigger.head.i != trigger.i:
        place_tokens += _places_under(ctx, trigger.head)
    if trigger.pos_ in ("NOUN", "PROPN"):
        more_agents, more_patients, more_places = _compound_arguments(ctx, trigger, event)
        agents, patients, place_tokens = (
            agents + more_agents,
            patients + more_patients,
            place_tokens + more_places,
        )
    for tok in agents:
        _add(ctx, event, event.agents, tok)
    for tok in patients:
        _add(ctx, event, event.patients, tok)
    for role in (event.agents, event.patients):  # "the battle of Kharkiv", "seizing Kharkiv":
        for entity_id in list(role):  # a city is where it happens, not who takes part
            entity = ctx.entity(entity_id)
            if entity.kind is EntityKind.PLACE and not _is_country(entity):
                role.remove(entity_id)
                if entity_id not in event.places:
                    event.places.append(entity_id)
    for tok in [t for p in place_tokens for t in (p, *p.conjuncts)]:  # "in Badia and Sham"
        # a place named, or described ("on a busy street", "in hospital")
        entity_id = argument_of(ctx, tok, _is_place)
        if entity_id is not None and entity_id not in event.places:
            event.places.append(entity_id)
            note_mention(ctx, event, entity_id, tok)
    if trigger.pos_ != "VERB" and not event.agents:
        for child in trigger.children:  # "Russian missile attack": Russia's forces attacked
            code = demonyms().get(child.lower_) if child.dep_ in ("amod", "compound") else None
            actor = ctx.nation_actor(code) if code else None
            if actor is not None:
                event.agents.append(actor)
                note_mention(ctx, event, actor, child)
    if not event.places:  # one city in the sentence: where it happened
        sentence = sentence_of(trigger)
        key = ("only city", sentence.start)
        if key not in ctx.memo:
            ctx.memo[key] = _only_city_in(ctx, sentence)
        event.places = list(ctx.memo[key])
    event.agents = [a for a in event.agents if a not in event.patients]
    return agents, patients


MEMBER_PREPOSITIONS = {"including"}
MEMBER_KINDS = {EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.GROUP}


def _members(ctx: DocContext, tokens: list[Token], trigger: Token | None = None) -> list[Token]:
    """The people a role's filler lists ("13 people, including two children"; "Leftists were
    arrested, including Eva Forest, ... and the writer Eliseo Bayo"): the object of "including"
    on the filler (or, for the patients, on the trigger) and the people named in it."""
    holders = [*tokens, trigger] if trigger is not None and tokens else list(tokens)
    found: list[Token] = []
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in MEMBER_PREPOSITIONS:
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                found.append(pobj)
                found += [
                    t
                    for t in pobj.subtree
                    if t.i != pobj.i
                    and t.dep_ not in ("compound", "amod")  # "Nazi veterans"
                    and t.i in ctx.token_entity
                    and ctx.token_entity.get(t.head.i) != ctx.token_entity[t.i]  # a name's head word
                    and ctx.entity(ctx.token_entity[t.i]).kind in MEMBER_KINDS
                ]
    return found


# nominal events whose compound modifier undergoes them ("civilian deaths"), else does them
# ("Taliban attack", "police raid")
UNDERGONE_NOUNS = {"Death", "Injury", "Killing", "Arrest", "Trial", "Conviction", "Sentencing", "Charge"}


def _compound_arguments(
    ctx: DocContext, trigger: Token, event: EventMention
) -> tuple[list[Token], list[Token], list[Token]]:
    """Agents, patients and places a nominal trigger's compound modifiers name: "Taliban attack",
    "Orlando shooting" (a city), "police raid"; not words of the trigger ("air strike"), not
    things ("suicide bombing"), not countries ("U.S. sanctions": agent or place?)."""
    agents, patients, places = [], [], []
    for child in trigger.children:
        if (
            child.dep_ != "compound"
            or child.idx >= event.trigger.start
            or child.pos_ not in ("NOUN", "PROPN")
        ):
            continue
        if child.lower_ in demonyms():
            continue
        entity_id = ctx.resolve(child)
        entity = ctx.entity(entity_id) if entity_id is not None else None
        if entity is None or entity.status is Status.ARGUMENT:
            continue
        if entity.kind is EntityKind.PLACE:
            if not _is_country(entity):
                places.append(child)
        elif event.type in UNDERGONE_NOUNS:
            patients.append(child)
        elif entity.kind in (EntityKind.ORGANIZATION, EntityKind.GROUP):
            agents.append(child)
    return agents, patients, places


LOCATIVE = {"in", "at", "near", "around", "outside", "inside", "into", "from", "across"}
OF_PLACE_NOUNS = {
    "resident",
    "people",
    "inhabitant",
    "citizen",
    "outskirt",
    "centre",
    "center",
    "suburb",
    "street",
    "city",
    "town",
    "village",
    "mayor",
    "governor",
}


def _only_city_in(ctx: DocContext, sentence) -> list[int]:
    """The one city the sentence locates something in ("… wreckage in Dergachi after …"); with
    no city, the one country ("… protesters in Iran ransacked …")."""
    located = [
        ctx.token_entity[t.i]
        for t in sentence
        if t.i in ctx.token_entity
        and t.dep_ == "pobj"
        and (
            t.head.lower_ in LOCATIVE
            or (t.head.lower_ == "of" and t.head.head.lemma_.lower() in OF_PLACE_NOUNS)
        )
        and ctx.entity(ctx.token_entity[t.i]).kind is EntityKind.PLACE
    ]
    cities = {e for e in located if not _is_country(ctx.entity(e))}
    if not cities:  # "… in Iran", not "the people of Iran"
        cities = {
            ctx.token_entity[t.i]
            for t in sentence
            if t.i in ctx.token_entity and t.dep_ == "pobj" and t.head.lower_ in LOCATIVE
        } & set(located)
    return list(cities) if len(cities) == 1 else []


def _is_place(entity) -> bool:
    return entity.kind is EntityKind.PLACE


def _is_country(entity) -> bool:
    entry = gazetteer().by_id.get(entity.geonameid) if entity.geonameid else None
    return entry is not None and entry.kind == "country"


def _add(ctx: DocContext, event: EventMention, role: list[int], token: Token) -> None:
    for tok in [token, *[c for c in token.conjuncts]]:
        noun = tok.head.head if tok.tag_ in RELATIVE_TAGS and tok.head.dep_ == "relcl" else tok
        if role is event.agents and noun.pos_ == "NOUN" and ctx.lexicon.lookup(noun.lemma_.lower(), "NOUN"):
            continue  # "an explosion killed 13", "the attack, which killed 13": an event is no agent
        entity_id = argument_of(ctx, tok, not_an_instrument(tok) if role is event.agents else None)
        if entity_id is not None and entity_id not in role:
            role.append(entity_id)
            note_mention(ctx, event, entity_id, tok)


def _verb_arguments(verb: Token) -> tuple[list[Token], list[Token]]:
    agents, patients = [], []
    for child in verb.children:
        if child.dep_ == "nsubj":
            agents.append(child)
        elif child.dep_ in ("dobj", "nsubjpass"):
            patients.append(child)
        elif child.dep_ == "agent":
            agents.extend(c for c in child.children if c.dep_ == "pobj")
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    if verb.dep_ == "pobj" and verb.tag_ == "VBN" and verb.head.lower_ in ("of", "among"):
        # "11 of the injured": the participle stands for those who underwent it
        if verb.head.head.pos_ in ("NUM", "NOUN"):
            patients.append(verb.head.head)
        return agents, patients
    if not agents and not passive and verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBN":
        # "the six members killed", "Asked to point him out, Elliott ...": a passive participle's
        # noun undergoes it
        if verb.dep_ == "acl":
            patients.append(verb.head)
        else:
            patients.extend(c for c in verb.head.children if c.dep_ == "nsubj")
        return agents, patients
    if not agents and not passive and verb.dep_ == "conj" and verb.tag_ == "VBN":
        # "130 more were mutilated, injured and scarred": the passive's subject undergoes them all
        shared = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
        if shared:
            return agents, patients + shared
    if not agents and not passive:
        agents.extend(_understood_subject(verb))
    return agents, patients


def _understood_subject(verb: Token, depth: int = 0) -> list[Token]:
    """The subject a verb shares with the verb it depends on."""
    if depth > 4 or verb.head.i == verb.i:
        return []
    head = verb.head
    if verb.dep_ == "conj":
        own = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return own or _understood_subject(head, depth + 1)
    if verb.dep_ == "xcomp":
        if head.lemma_.lower() in OBJECT_CONTROL:
            objects = [c for c in head.children if c.dep_ == "dobj"]
            if objects:
                return objects
        own = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return own or _understood_subject(head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "gunmen firing on the crowd"
        return [head]
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.pos_ in ("VERB", "AUX"):
        # "a bomber blew himself up, killing six": the main clause's subject, or its "by" agent
        own = [c for c in head.children if c.dep_ == "nsubj"]
        if own:
            return own
        return [g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if verb.dep_ == "pcomp" and head.lower_ == "from":  # "prevented X from encircling"
        return [c for c in head.head.children if c.dep_ == "dobj"]
    if verb.dep_ == "relcl" and any(
        c.lower_ in ("which", "who", "that") and c.dep_ == "nsubj" for c in verb.children
    ):
        return [head]
    return []


def _noun_arguments(noun: Token, event_type: str) -> tuple[list[Token], list[Token]]:
    agents, patients = [], []
    for child in noun.children:
        if child.dep_ == "poss":
            agents.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("of", "by", "against", "on"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if child.lower_ == "by" or (child.lower_ == "of" and event_type in OF_IS_AGENT):
                    agents.append(pobj)
                elif child.lower_ != "of" or event_type not in OF_IS_KIND:
                    patients.append(pobj)
    for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in TARGETING):
        patients.extend(c for c in acl.children if c.dep_ == "dobj")  # "shelling targeting the city"
    head = noun.head
    if noun.dep_ == "nsubj" and head.lemma_.lower() in STRIKING_VERBS:
        patients.extend(c for c in head.children if c.dep_ == "dobj")  # "the explosion targeted a bakery"
    if noun.dep_ == "amod" and noun.tag_ == "VBG":
        agents.append(head)  # "counterattacking Ukrainian forces": the forces counterattack
    if noun.dep_ == "pobj" and head.dep_ == "prep" and not agents:
        holder = head.head
        word, prep = holder.lemma_.lower(), head.lower_
        if prep == "of" and word in SERIES_NOUNS:  # "launched a series of attacks"
            noun, head = holder, holder.head
        elif prep == "for" and word in RESPONSIBILITY_NOUNS and holder.dep_ == "dobj":
            # "the IRA accepted responsibility for the bombings"
            verb = holder.head
            agents.extend([c for c in verb.children if c.dep_ == "nsubj"] or _understood_subject(verb))
        elif holder.pos_ == "VERB" and word in BLAME_VERBS and prep in ("for", "with", "of", "over"):
            # "charged X with the murder", "blamed X for the attack": X did it
            agents.extend(c for c in holder.children if c.dep_ in ("dobj", "nsubjpass"))
        elif holder.pos_ == "VERB" and prep in MEDIUM_PREPOSITIONS and _communicative(event_type):
            # "said in an email", "in an interview with Reuters, Trump called for ...": who speaks
            agents.extend(c for c in holder.children if c.dep_ == "nsubj")
    while (
        head.dep_ in ("amod", "compound", "dobj", "pobj", "prep")
        and head.head.i != head.i
        and head.pos_ != "VERB"
    ):
        if (
            head.pos_ in ("PROPN", "NOUN")
            and noun.dep_ in ("amod", "compound")
            and noun.tag_ != "VBG"
            and head.lemma_.lower() not in PLAN_NOUNS
        ):
            patients.append(head)  # "counteroffensive targeting Izyum" parsed as a modifier
        head = head.head
    if head.pos_ == "VERB" and noun.dep_ in ("dobj", "amod", "compound"):
        lemma = head.lemma_.lower()
        subjects = [c for c in head.children if c.dep_ == "nsubj"] or _understood_subject(head)
        if lemma in UNDERGO_VERBS:  # "13 people suffered injuries" ("suffer" is a light verb too)
            patients.extend(subjects)
        elif lemma in light_verbs() and not agents:
            agents.extend(subjects)
    return agents, patients


def _places_under(ctx: DocContext, head: Token) -> list[Token]:
    """:func:`_place_tokens`, once per head and article (the events of one clause share it)."""
    key = ("places", head.i)
    if key not in ctx.memo:
        ctx.memo[key] = _place_tokens(head)
    return list(ctx.memo[key])  # a copy: callers extend it


def _place_tokens(head: Token, depth: int = 0) -> list[Token]:
    """Objects of place prepositions under ``head``, through "from around the city"."""
    found = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    found.append(grandchild)
                    if depth < 2:
                        found.extend(_place_tokens(grandchild, depth + 1))
                elif grandchild.dep_ == "prep" and depth < 2:
                    found.extend(_place_tokens(child, depth + 1))
    return found


def _time_of(trigger: Token, times: dict[int, TimeExpr], memo: dict) -> TimeExpr | None:
    """A time expression attached to the trigger or to its clause's verb: the first, in text
    order, whose first token is a child or grandchild of either."""
    if not times:
        return None
    heads = [trigger] if trigger.pos_ == "VERB" else [trigger, trigger.head]
    for head in heads:
        key = ("time", head.i)
        if key not in memo:
            memo[key] = _time_under(head, times)
        if memo[key] is not None:
            return memo[key]
    return None


def _time_under(head: Token, times: dict[int, TimeExpr]) -> TimeExpr | None:
    near = [*head.children, *(g for c in head.children for g in c.children)]
    if head.head.i == head.i:  # a root is its own head, so it qualifies too
        near.append(head)
    for tok in sorted(near, key=lambda t: t.i):
        if tok.ent_iob_ == "B" and tok.ent_type_ in ("DATE", "TIME") and tok.idx in times:
            return times[tok.idx]
    return None
