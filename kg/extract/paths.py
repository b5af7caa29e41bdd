"""Dependency paths between two entity mentions, and the relation patterns read off them.

A path runs from the subject's head word up to the lowest common ancestor and down to the
object's head word. It is written at three levels of detail, most specific first:

- ``lex``: every word on the way as its lemma: ``nsubj< work >prep for >pobj``;
- ``trigger``: the common ancestor's lemma, verbs and prepositions; other words as their
  part of speech: ``nsubj< work >prep for >pobj`` stays, ``>appos firm >compound`` becomes
  ``>appos NOUN >compound``;
- ``words``: the words between the two mentions, when there are at most four:
  ``S , a native of O``.

A path into a clausal complement ("X said Y was ...") gives no path at all: it does not state a
relation between X and Y.

Words inside another entity mention are written as its kind (``[place]``). The patterns
(``kg/data/relation_patterns.tsv``) map (subject kind, object kind, level, path) to a kg
predicate; :func:`kg.eval.learn_relations` derives them from CoNLL04's train split.

>>> from spacy.tokens import Doc
>>> from spacy.vocab import Vocab
>>> doc = Doc(Vocab(), words=["Smith", "works", "for", "Acme"], heads=[1, 1, 1, 2],
...           deps=["nsubj", "ROOT", "prep", "pobj"], pos=["PROPN", "VERB", "ADP", "PROPN"],
...           lemmas=["Smith", "work", "for", "Acme"])
>>> paths(doc[0:1], doc[3:4], {})
('nsubj< work >prep for >pobj', 'nsubj< work >prep for >pobj', 'S work for O')
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

LEVELS = ("lex", "trigger", "words")
ORIGINS = ("hand", "review", "learned")
MAX_BETWEEN = 4  # the "words" level: at most this many words between the two mentions
MAX_EDGES = 6  # longer paths are rare between related mentions and never precise
MAX_GAP = 30  # mentions further apart (tokens between them) are not paired: 2.6% of CoNLL04 train
KEPT_POS = {"ADP", "VERB", "AUX"}  # kept as words at the "trigger" level besides the common ancestor
CLAUSE = "ccomp"  # a path into a clausal complement ("X said Y ...") states nothing about X and Y


# Words that mean the same for a relation: one class each at the "trigger" level (by hand).
VERB_CLASSES = dict.fromkeys(("kill", "assassinate", "murder", "slay", "shoot", "execute", "stab"), "KILL")
NOUN_CLASSES = {
    **dict.fromkeys(("killing", "assassination", "murder", "slaying", "shooting", "execution"), "KILLING"),
    **dict.fromkeys(("assassin", "killer", "murderer", "gunman", "slayer"), "KILLER"),
}


def _word(token: Token, kinds: Mapping[int, str], level: str, top: bool) -> str:
    kind = kinds.get(token.i)
    if kind is not None:
        return f"[{kind}]"
    lemma = token.lemma_.lower() or token.lower_
    if level == "trigger":
        classes = NOUN_CLASSES if token.pos_ == "NOUN" else VERB_CLASSES if token.pos_ == "VERB" else {}
        if lemma in classes:
            return classes[lemma]
    if level == "lex" or (level == "trigger" and (top or token.pos_ in KEPT_POS)):
        if token.like_num:
            return "#"
        if token.pos_ == "PROPN":
            return "PROPN"
        return lemma
    return token.pos_ or "X"


def _chain(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) <= 2 * MAX_EDGES:
        chain.append(chain[-1].head)
    return chain


def between(a: SpacySpan, b: SpacySpan, kinds: Mapping[int, str]) -> str:
    """The words between two mentions: ``S , O``, ``O 's S`` ("" when too far apart or overlapping)."""
    first, second, order = (a, b, ("S", "O")) if a.start < b.start else (b, a, ("O", "S"))
    if second.start < first.end or second.start - first.end > MAX_BETWEEN:
        return ""
    words = [_word(t, kinds, "lex", False) for t in first.doc[first.end : second.start]]
    if words == [","] and second.root.dep_ == "conj":
        return ""  # "Colombia, Bolivia, Ecuador": a list, not "City, State"
    return " ".join([order[0], *words, order[1]])


def paths(
    a: SpacySpan, b: SpacySpan, kinds: Mapping[int, str], chains: dict[int, list[Token]] | None = None
) -> tuple[str, ...] | None:
    """The path from mention ``a`` to mention ``b`` at each of :data:`LEVELS`, or None.

    ``kinds`` maps token indices inside entity mentions to the mention's kind. The
    dependency levels are "" when the heads have no path of at most :data:`MAX_EDGES`.
    ``chains`` caches each head's chain of heads between calls on one Doc.
    """
    words = between(a, b, kinds)
    a, b = a.root, b.root
    if a.i == b.i:
        return None
    chains = {} if chains is None else chains  # token index -> its chain of heads, reused across pairs
    if a.i not in chains:
        chains[a.i] = _chain(a)
    if b.i not in chains:
        chains[b.i] = _chain(b)
    up, down = chains[a.i], chains[b.i]
    down_index = {t.i: n for n, t in enumerate(down)}
    top = next((n for n, t in enumerate(up) if t.i in down_index), None)
    if top is not None:
        up, down = up[: top + 1], down[: down_index[up[top].i] + 1]
    if top is not None and any(t.dep_ == CLAUSE for t in (*up[:-1], *down[:-1])):
        return None
    if top is None or len(up) + len(down) - 2 > MAX_EDGES:
        if not words:
            return None
        return tuple(words if level == "words" else "" for level in LEVELS)
    lca = up[-1]
    result = []
    for level in LEVELS:
        if level == "words":
            result.append(words)
            continue
        parts = []
        for t in up[:-1]:
            if t.i != a.i:
                parts.append(_word(t, kinds, level, False))
            parts.append(f"{t.dep_}<")
        if lca.i not in (a.i, b.i):
            parts.append(_word(lca, kinds, level, True))
        for t in reversed(down[:-1]):
            parts.append(f">{t.dep_}")
            if t.i != b.i:
                parts.append(_word(t, kinds, level, False))
        result.append(" ".join(parts))
    return tuple(result)


@dataclass(frozen=True)
class Pattern:
    subject: str  # EntityKind value of the subject ("person"), or "org" for organisations and groups
    object: str
    level: str
    path: str
    predicate: str  # a key of kg.rdf.RELATION_PROPERTIES
    origin: str  # "learned"; "hand" (written by hand); "review" (a learned one dropped in review)
    support: int  # train pairs with this path between these kinds
    precision: float  # share of them that are the relation (hand-written: as measured on train)
    note: str = ""  # why a hand-written or reviewed row is there

    @property
    def name(self) -> str:
        """How the pattern is cited in kg:extractor: ``relations:learned:trigger:…``."""
        return f"relations:{self.origin}:{self.level}:{self.subject}>{self.object}:{self.path}"


@functools.lru_cache(maxsize=4)
def load_patterns(resource: str = "relation_patterns.tsv") -> dict[tuple[str, str, str, str], Pattern]:
    """(subject kind, object kind, level, path) -> Pattern, from ``kg/data/relation_patterns.tsv``."""
    text = resources.files("kg.data").joinpath(resource).read_text("utf-8")
    return parse_patterns(text)


def parse_patterns(text: str) -> dict[tuple[str, str, str, str], Pattern]:
    table = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if cols[0] == "subject":
            continue  # the header row
        subject, obj, level, path, predicate, origin, support, _hits, precision = cols[:9]
        if level not in LEVELS or origin not in ORIGINS:
            raise ValueError(f"relation_patterns.tsv: unknown level or origin in {line!r}")
        note = cols[9] if len(cols) > 9 else ""
        pattern = Pattern(subject, obj, level, path, predicate, origin, int(support), float(precision), note)
        table[(subject, obj, level, path)] = pattern
    return table


def match(
    table: Mapping[tuple[str, str, str, str], Pattern], subject: str, obj: str, keys: tuple[str, ...]
) -> Pattern | None:
    """The most specific pattern for a path between two kinds (hand-written ones first)."""
    found = [table.get((subject, obj, level, key)) for level, key in zip(LEVELS, keys) if key]
    found = [p for p in found if p is not None]
    if not found:
        return None
    return min(
        found, key=lambda p: (p.origin != "hand", LEVELS.index(p.level))
    )  # review rows replace learned
