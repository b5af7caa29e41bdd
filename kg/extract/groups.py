"""Actor groups: "Russian troops", "Kyiv's forces", "its troops": a nation's armed forces as one
:class:`~kg.model.EntityKind` GROUP entity per nation and article (part of the entities stage)."""

from __future__ import annotations

from spacy.tokens import Token

from ..gazetteer import gazetteer
from ..model import EntityKind, LocalEntity
from ..names import demonym_of, demonyms
from .context import DocContext, sentence_of

# Head nouns that make "<nation> <noun>" an actor group ("Russian troops").
GROUP_NOUNS = {
    "troop",
    "force",
    "unit",
    "soldier",
    "army",
    "military",
    "navy",
    "battalion",
    "brigade",
    "regiment",
    "militia",
}


def actor_groups(ctx: DocContext) -> None:
    """ "Russian troops", "Kyiv's forces": a nation's armed forces as one actor."""
    by_country: dict[str, int] = {}
    for token in ctx.doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() not in GROUP_NOUNS:
            continue
        found = _nation_of(ctx, token)
        if found is None:
            continue
        code, modifier = found
        if code not in by_country:
            entity = LocalEntity(
                id=len(ctx.extraction.entities), kind=EntityKind.GROUP, name="", country=code
            )
            ctx.extraction.entities.append(entity)
            by_country[code] = entity.id
        entity = ctx.entity(by_country[code])
        span = ctx.doc[min(modifier.i, token.i) : token.i + 1]
        ctx.add_mention(entity.id, span)
        for t in span:  # the phrase refers to the group, not to the country in it
            ctx.token_entity[t.i] = entity.id
        if modifier.pos_ == "PRON":
            continue
        entity.names = sorted(set(entity.names) | {span.text})
        if not entity.name or (
            modifier.lower_ in demonyms() and entity.name.split()[0].lower() not in demonyms()
        ):
            entity.name = span.text  # "Russian troops" reads better than "Kyiv's forces"
    for code, entity_id in by_country.items():
        entity = ctx.entity(entity_id)
        if not entity.name:
            entity.name = f"{demonym_of(code) or code} forces"


def _nation_of(ctx: DocContext, noun: Token) -> tuple[str, Token] | None:
    gaz = gazetteer()
    for child in noun.children:
        if child.dep_ not in ("amod", "compound", "poss", "nmod") or child.i > noun.i:
            continue
        code = demonyms().get(child.lower_)
        if code:
            return code, child
        entity_id = ctx.token_entity.get(child.i)
        if entity_id is not None and ctx.entity(entity_id).kind is EntityKind.PLACE:
            country = _country_code(ctx.entity(entity_id), gaz)
            if country:
                return country, child
        if child.lower_ in ("its", "their"):
            country = _preceding_country(ctx, child)
            if country:
                return country, child
    return None


def _country_code(entity: LocalEntity, gaz) -> str | None:
    """A country's code, or a capital's country ("Kyiv's forces" are Ukraine's)."""
    entries = gaz.lookup(entity.name)
    if entries and entries[0].kind == "country":
        return entries[0].country
    if entries and entries[0].geonameid in gaz.capitals:
        return gaz.capitals[entries[0].geonameid]
    return None


def _preceding_country(ctx: DocContext, token: Token) -> str | None:
    gaz = gazetteer()
    sent = sentence_of(token)
    first = sentence_of(ctx.doc[sent.start - 1]).start if sent.start > 0 else sent.start
    for t in reversed(ctx.doc[first : token.i]):
        entity_id = ctx.token_entity.get(t.i)
        if entity_id is not None and ctx.entity(entity_id).kind is EntityKind.PLACE:
            entries = gaz.lookup(ctx.entity(entity_id).name)
            if entries and entries[0].kind == "country":
                return entries[0].country
    return None
