"""Factuality: does the text say an event happened, did not, may have, or was tried?

Read off the dependency path from the trigger up to its clause's governors:

- negated: "not"/"never" on the trigger, or a governing verb of prevention or
  failure ("prevented X from encircling", "failed to halt", "let alone seizing");
- attempted: a governing verb of trying or aiming ("trying to come out victorious");
- hedged: a modal or hedging word ("could be withdrawing", "appears to have won",
  "reportedly killed");
- asserted: none of these.

Negation wins over attempt, attempt over hedging.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..model import Factuality
from .context import DocContext

PREVENTING = {
    "prevent",
    "stop",
    "halt",
    "block",
    "thwart",
    "foil",
    "avert",
    "fail",
    "deny",
    "refuse",
    "avoid",
    "cancel",
    "abandon",
}
ATTEMPTING = {
    "try",
    "attempt",
    "seek",
    "aim",
    "plan",
    "intend",
    "want",
    "threaten",
    "vow",
    "prepare",
    "hope",
    "strive",
}
HEDGING_VERBS = {"appear", "seem", "believe", "suspect", "allege", "estimate"}
HEDGING_WORDS = {
    "could",
    "might",
    "may",
    "would",
    "possibly",
    "reportedly",
    "allegedly",
    "apparently",
    "likely",
    "probably",
    "perhaps",
    "presumably",
    "unconfirmed",
}
NEGATIONS = {"not", "n't", "never", "no"}
# Edges along which a governor's meaning reaches the event ("prevented ... from encircling").
VERBAL_EDGES = {"xcomp", "ccomp", "csubj", "pcomp", "acomp"}
NOMINAL_EDGES = {"dobj", "nsubj", "nsubjpass", "pobj", "compound", "amod", "acl", "relcl"}
MAX_DEPTH = 8


def extract_factuality(ctx: DocContext) -> None:
    """Set :attr:`EventMention.factuality` for every event of the article."""
    scanned: dict = {}  # each head's children, read once per article
    for event in ctx.extraction.events:
        span = ctx.doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if span is not None:
            event.factuality = factuality_of(span.root, scanned)


def _children(node: Token) -> tuple[int, bool, bool]:
    """What ``node``'s children say: (negations, a hedge, an attempt)."""
    negations, hedged, attempted = 0, False, False
    for child in node.children:
        if child.dep_ == "neg" or (child.lower_ in NEGATIONS and child.dep_ in ("advmod", "det")):
            negations += 1
        elif child.lower_ in HEDGING_WORDS and child.dep_ in ("aux", "advmod", "amod"):
            hedged = True
        elif child.lemma_.lower() == "attempt" and child.dep_ == "amod":
            attempted = True  # "the attempted assault"
    return negations, hedged, attempted


def factuality_of(trigger: Token, scanned: dict | None = None) -> Factuality:
    """Walk up from the trigger, counting negating governors and noting hedges and attempts.

    Negation counts by parity ("failed to halt Russia's advance": the advance happened).
    Hedges and attempts count only while the path is verbal, so "the strike reportedly
    killed …" hedges the killing, not the strike.
    """
    negations, hedged, attempted = 0, False, False
    node, verbal, depth, sibling = trigger, True, 0, False
    while True:
        is_trigger = node.i == trigger.i
        if not sibling:
            if scanned is None:
                found = _children(node)
            elif (found := scanned.get(node.i)) is None:
                found = scanned[node.i] = _children(node)
            negations += found[0]
            hedged = hedged or (verbal and found[1])
            attempted = attempted or (verbal and found[2])
        if not is_trigger and not sibling:
            lemma = node.lemma_.lower()
            if lemma in PREVENTING:
                negations += 1
            elif verbal and lemma in ATTEMPTING:
                attempted = True
            elif verbal and lemma in HEDGING_VERBS:
                hedged = True
        if node.head.i == node.i or depth >= MAX_DEPTH:
            break
        edge, head = node.dep_, node.head
        let_alone = _let_alone(node, head, scanned)
        if edge == "advcl" and not let_alone:
            break  # "… as Russian troops withdraw": asserted apart
        # a conjunct's head is its sibling, not its governor ("aiming to deplete … and destroy …"
        # climbs past "deplete" to "aiming"; "prevented …, and then expelled them" stops)
        sibling = edge == "conj" and not let_alone
        if edge == "prep" and node.lower_ != "from":
            break  # only "prevented X from V-ing" reaches through a preposition
        if edge not in VERBAL_EDGES | NOMINAL_EDGES | {"prep", "conj", "advcl"}:
            break
        if edge in NOMINAL_EDGES:
            verbal = False
        node, depth = head, depth + 1
    if negations % 2:
        return Factuality.NEGATED
    if attempted:
        return Factuality.ATTEMPTED
    if hedged:
        return Factuality.HEDGED
    return Factuality.ASSERTED


def _let_alone(node: Token, head: Token, scanned: dict | None = None) -> bool:
    """ "encircling, let alone seizing": what follows "let alone" shares the scope before it."""
    if node.lower_ == "let":
        return True
    if scanned is None:
        return any(c.lower_ == "alone" for c in (*node.children, *head.children))
    if (alone := scanned.get("alone")) is None:  # the heads of every "alone", once per article
        alone = scanned["alone"] = {t.head.i for t in node.doc if t.lower_ == "alone" and t.head.i != t.i}
    return node.i in alone or head.i in alone
