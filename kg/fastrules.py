"""Faster stand-ins for the model's two rule components, with exactly their output.

spaCy's ``attribute_ruler`` (tag to part of speech and morphology, plus a few word rules) and its
rule ``lemmatizer`` are pure Python over every token: on 198 BBC articles (81k tokens) they took
1.15 and 1.05 s of the model's 12.7, the ruler running its Matcher's 179 patterns on each token,
the lemmatizer recomputing every singular noun and base verb (spaCy's cache skips those).  Both
are functions of a few attributes of the token alone, so a cache keyed by those attributes gives
the same annotations for a fraction of the time:

- :class:`FastAttributeRuler` keys the one-token patterns by the attributes they read (TAG,
  LOWER, DEP, IS_SPACE for ``en_core_web_sm``), matches each new key once with spaCy's own
  Matcher over that one token, and runs only the few multi-token patterns on the whole Doc; the
  matched attributes are applied in the ruler's order, later rules winning, as spaCy does.
- :class:`FastLemmatizer` keys each token by (ORTH, POS, MORPH), the only inputs of the rule
  and lookup modes, and asks spaCy's lemmatizer once per key.

:func:`speed_up` swaps them in where the pipeline's components are the ones they mirror (any
other pipeline is left as it is).  ``tests/test_fastrules.py`` checks the annotations equal
spaCy's on real articles.
"""

from __future__ import annotations

import re
from typing import Any, cast

import numpy as np
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# the token attributes a one-token pattern may read for its match to depend on the token alone
# fmt: off
_NAMES = (
    "ORTH", "LOWER", "NORM", "TAG", "POS", "MORPH", "DEP", "LEMMA", "ENT_TYPE", "SHAPE", "PREFIX",
    "SUFFIX", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE",
    "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
    "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
)
# fmt: on
_TOKEN_ATTRS = {"TEXT": "ORTH", **{name: name for name in _NAMES}}
_WORD_ATTRS = {"ORTH", "LOWER", "NORM"}
#: Entries a cache holds at most (~0.2 KB each; 198 BBC articles made 11,547 lemma keys).
MAX_CACHED = 500_000


class FastAttributeRuler:
    """An :class:`~spacy.pipeline.AttributeRuler`'s annotations, cached per token kind."""

    def __init__(self, ruler: AttributeRuler):
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.attrs, self.indices = ruler.attrs, ruler.indices
        self.single = Matcher(self.vocab)
        self.multi = Matcher(self.vocab)
        read: set[str] = set()
        single_entries = []
        for attr_id, entry in enumerate(_entries(ruler)):
            key = str(attr_id)
            if all(len(pattern) == 1 for pattern in entry):
                single_entries.append(entry)
                self.single.add(key, entry)
                read |= {name.upper() for pattern in entry for name in pattern[0]}
            else:
                self.multi.add(key, entry)
        names = sorted({_TOKEN_ATTRS[name] for name in read})
        self.key_attrs = [IDS[name] for name in names]
        # a word attribute is keyed by which of the patterns' tests on it the word passes (for
        # en_core_web_sm: which listed word it is, if any, and the one regular expression), so
        # that a new kind is rare
        self._word_tests = {
            column: tests
            for column, name in enumerate(names)
            if name in _WORD_ATTRS and (tests := _word_tests(single_entries, name)) is not None
        }
        self._word_classes: dict[int, dict[int, int]] = {column: {} for column in self._word_tests}
        self._class_ids: dict[tuple[bool, ...], int] = {}
        self._ids = {self.vocab.strings[str(i)]: i for i in range(len(self.attrs))}
        self._kinds: dict[tuple, tuple[int, ...]] = {}  # token kind -> the one-token rules matched
        self._folded: dict[tuple[int, ...], dict] = {}  # rules -> their attributes, in order

    @staticmethod
    def applies_to(ruler: Any) -> bool:
        """Whether every one-token pattern of ``ruler`` reads only attributes of its token."""
        if not isinstance(ruler, AttributeRuler):
            return False
        for entry in _entries(ruler):
            for pattern in entry:
                if len(pattern) == 1 and not set(map(str.upper, pattern[0])) <= _TOKEN_ATTRS.keys():
                    return False  # e.g. "OP", or a custom "_" attribute
        return True

    def _rules_of(self, doc: Doc, i: int, kind: tuple) -> tuple[int, ...]:
        found = self._kinds.get(kind)
        if found is None:
            if len(self._kinds) >= MAX_CACHED:
                self._kinds.clear()
            matches = (
                self.single(doc[i : i + 1], allow_missing=True, as_spans=False) if len(self.single) else []
            )
            found = self._kinds[kind] = tuple(sorted({self._ids[m_id] for m_id, _, _ in matches}))
        return found

    def _fold(self, rules: tuple[int, ...]) -> dict:
        folded = self._folded.get(rules)
        if folded is None:
            folded = {}
            for attr_id in rules:  # later rules win, as when spaCy applies them one by one
                folded.update(self.attrs[attr_id])
            self._folded[rules] = folded
        return folded

    def __call__(self, doc: Doc) -> Doc:
        extra: dict[int, list[int]] = {}  # token -> rules its multi-token matches set on it
        multi = self.multi(doc, allow_missing=True, as_spans=False) if len(self.multi) else []
        for m_id, start, end in multi:
            attr_id = self._ids[m_id]
            token = doc[start:end][self.indices[attr_id]]  # the index may be negative, as spaCy allows
            extra.setdefault(token.i, []).append(attr_id)
        if not len(doc):
            return doc
        if not self.key_attrs:  # no one-token rule: every token is of one kind
            rows = np.zeros((len(doc), 0), dtype="uint64")
        else:
            rows = doc.to_array(self.key_attrs).reshape(len(doc), -1)
        for column, tests in self._word_tests.items():
            words, where = np.unique(rows[:, column], return_inverse=True)
            classes = self._word_classes[column]
            if len(classes) >= MAX_CACHED:
                classes.clear()
            for word in words.tolist():
                if word not in classes:
                    text = self.vocab.strings[word]
                    classes[word] = _class_id(self._class_ids, tuple(test(text) for test in tests))
            rows[:, column] = np.array([classes[w] for w in words.tolist()], dtype=rows.dtype)[where]
        kinds = rows.tolist()
        for i, kind in enumerate(kinds):
            rules = self._rules_of(doc, i, tuple(kind))
            if i in extra:
                rules = tuple(sorted({*rules, *extra[i]}))
            if rules:
                set_token_attrs(doc[i], self._fold(rules))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


class FastLemmatizer:
    """A rule or lookup :class:`~spacy.pipeline.Lemmatizer`'s lemmas, cached per (ORTH, POS, MORPH)."""

    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self.overwrite = lemmatizer.overwrite
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._by_pos: dict[str, tuple[frozenset[str], dict, list]] = {}

    @staticmethod
    def applies_to(lemmatizer: Any) -> bool:
        """spaCy's own rule or lookup lemmatizers (English's included) read only those three."""
        from spacy.lang.en.lemmatizer import EnglishLemmatizer

        return type(lemmatizer) in (Lemmatizer, EnglishLemmatizer) and lemmatizer.mode in ("rule", "lookup")

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas: Any = rows[:, 3:4].copy()  # (spaCy types a Doc's arrays as thinc's Ints2d)
        lemmatize = self._rule_forms if self.lemmatizer.mode == "rule" else self.lemmatizer.lemmatize
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if self.overwrite or lemma == 0:
                key = (orth, pos, morph)
                found = self._lemmas.get(key)
                if found is None:
                    if len(self._lemmas) >= MAX_CACHED:
                        self._lemmas.clear()  # (a worker's memory stays bounded on any corpus)
                    found = self._lemmas[key] = self.strings.add(lemmatize(doc[i])[0])
                lemmas[i, 0] = found
        doc.from_array([LEMMA], lemmas)
        return doc

    def _rule_forms(self, token) -> list[str]:
        """spaCy 3.8's ``Lemmatizer.rule_lemmatize``, but with its word lists as sets (spaCy
        scans a list of 57k nouns for each new word: 80 µs a word)."""
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            return self.lemmatizer.rule_lemmatize(token)  # (it warns about a missing POS)
        if self.lemmatizer.is_base_form(token):
            return [string.lower()]
        index, exceptions, rules = self._tables(univ_pos)
        if not (index or exceptions or rules):
            return [string] if univ_pos == "propn" else [string.lower()]
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    if form in index:
                        forms.insert(0, form)
                    else:
                        forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        return forms

    def _tables(self, univ_pos: str) -> tuple[frozenset[str], dict, list]:
        found = self._by_pos.get(univ_pos)
        if found is None:
            lookups = self.lemmatizer.lookups
            found = self._by_pos[univ_pos] = (
                frozenset(lookups.get_table("lemma_index", {}).get(univ_pos, ())),
                lookups.get_table("lemma_exc", {}).get(univ_pos, {}),
                lookups.get_table("lemma_rules", {}).get(univ_pos, []),
            )
        return found

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


def _word_tests(entries: list, name: str) -> list | None:
    """The tests the one-token patterns make of a word attribute (``name``), each a function of
    the word, as spaCy's Matcher makes them; None when one is of another kind (a length, ...)."""
    tests: list = []
    for entry in entries:
        for pattern in entry:
            for key, value in pattern[0].items():
                if _TOKEN_ATTRS[key.upper()] != name:
                    continue
                if isinstance(value, str):
                    tests.append(value.__eq__)
                elif not isinstance(value, dict) or not set(value) <= {"IN", "NOT_IN", "REGEX"}:
                    return None
                else:
                    for op, arg in value.items():
                        if op == "REGEX":
                            tests.append(re.compile(arg).search)
                        elif not all(isinstance(word, str) for word in arg):
                            return None
                        else:
                            tests.append(frozenset(arg).__contains__)
    return tests


def _class_id(ids: dict[tuple[bool, ...], int], passed: tuple) -> int:
    """A small number for the tests a word passed (the same for every word that passes the same)."""
    passed = tuple(bool(result) for result in passed)
    return ids.setdefault(passed, len(ids) + 1)


def _entries(ruler: AttributeRuler) -> list[list[list[dict]]]:
    """The ruler's pattern lists, one per rule, in the order it applies them."""
    return [ruler.matcher.get(ruler.vocab.strings[str(i)])[1] for i in range(len(ruler.attrs))]


@Language.factory("kg_attribute_ruler")
def _make_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(cast(AttributeRuler, nlp.get_pipe("attribute_ruler")))


@Language.factory("kg_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(cast(Lemmatizer, nlp.get_pipe("lemmatizer")))


def speed_up(nlp: Language) -> list[str]:
    """Swap the pipeline's attribute ruler and lemmatizer for their fast stand-ins, in place, where
    they are spaCy's own; returns the names of the components swapped."""
    swapped = []
    for name, stand_in, kind in (
        ("attribute_ruler", "kg_attribute_ruler", FastAttributeRuler),
        ("lemmatizer", "kg_lemmatizer", FastLemmatizer),
    ):
        if name in nlp.pipe_names and kind.applies_to(nlp.get_pipe(name)):
            nlp.add_pipe(stand_in, after=name)
            nlp.remove_pipe(name)
            swapped.append(name)
    return swapped
