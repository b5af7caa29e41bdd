"""Every SPARQL string in ``kg/`` and ``examples/`` parses, and every prefixed name in it is a
term of the vocabulary: kg's DefinedNamespaces (``kg/vocab.py``) and rdflib's for rdf, rdfs,
owl, xsd and skos.  ``kgid:`` names nodes kg mints, so any local name goes there.

The strings are found by their syntax tree: string constants and f-strings (not docstrings)
that read as SPARQL.  In an f-string, a placeholder that names a module-level string constant
is replaced by it; any other placeholder (or ``{name}`` in a ``str.format`` template) is tried as
an IRI, a variable, nothing and a literal, until the query parses.
"""

from __future__ import annotations

import ast
import itertools
import re

import pytest
from builders import ROOT
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.term import URIRef

from kg.vocab import GAF, GEO, KG, KGE, NIF, PREFIXES, PROV, SCHEMA, SEM

NAMESPACES = {
    "schema": SCHEMA, "sem": SEM, "nif": NIF, "gaf": GAF, "prov": PROV, "geo": GEO, "kg": KG,
    "kge": KGE, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS,
}  # fmt: skip
OPEN = {"kgid"}  # the nodes kg mints
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
KEYWORDS = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE|WHERE|VALUES|GRAPH|FILTER)\b")
QUERY_START = re.compile(r"(?is)^\s*(?:#[^\n]*\n\s*)*(?:PREFIX\b|SELECT\b|CONSTRUCT\b|ASK\b|DESCRIBE\b)")
UPDATE_START = re.compile(r"(?is)^\s*(?:INSERT|DELETE|DROP|CLEAR|LOAD|CREATE|WITH)\b")
NAME = re.compile(r"(?<![\w:/#.-])([a-z][\w-]*):((?:[A-Za-z_\d][\w.-]*[\w-])|[A-Za-z_\d])")
HOLE = "\x00"
FILLINGS = ("<urn:kg:hole>", "?hole", "", '"hole"')


def _strip(text: str) -> str:
    """The text without IRIs, string literals and comments (where a colon is no name)."""
    text = re.sub(r"<[^<>\s]*>", " ", text)
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', " ", text)
    return re.sub(r"(?m)#.*$", " ", text)


def prefixed_names(text: str) -> set[tuple[str, str]]:
    return {(p, n) for p, n in NAME.findall(_strip(text)) if p in NAMESPACES or p in OPEN}


def unknown_names(text: str) -> list[str]:
    bad = []
    for prefix, name in sorted(prefixed_names(text)):
        if prefix in OPEN:
            continue
        ns = NAMESPACES[prefix]
        if URIRef(f"{ns._NS}{name}") not in ns:
            bad.append(f"{prefix}:{name}")
    return bad


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def sparql_strings() -> list[tuple[str, str]]:
    """(where, text) of every SPARQL string in kg/ (holes marked) and every query in examples/."""
    found = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        constants = {
            t.id: n.value.value
            for n in tree.body
            if isinstance(n, ast.Assign)
            and isinstance(n.value, ast.Constant)
            and isinstance(n.value.value, str)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        inner = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docs or id(node) in inner:
                    continue
                text = node.value
                if "{{" in text:  # a str.format template: {name} is a hole, {{ }} are braces
                    text = re.sub(r"(?<!\{)\{\w*\}(?!\})", HOLE, text).replace("{{", "{").replace("}}", "}")
            elif isinstance(node, ast.JoinedStr):
                parts = []
                for v in node.values:
                    if isinstance(v, ast.Constant):
                        parts.append(str(v.value))
                    elif (
                        isinstance(v, ast.FormattedValue)
                        and isinstance(v.value, ast.Name)
                        and v.value.id in constants
                    ):
                        parts.append(constants[v.value.id])
                    else:
                        parts.append(HOLE)
                text = "".join(parts)
            else:
                continue
            if KEYWORDS.search(text) and ("?" in text or prefixed_names(text)):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
            elif prefixed_names(text) and re.fullmatch(r"[\s\w:.;?{}()-]*", text.replace(HOLE, "")):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))  # a fragment
    for path in sorted((ROOT / "examples").glob("*.rq")):
        found.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return found


def parses(text: str) -> bool:
    """``text`` (holes filled in turn) parses as a SPARQL query or update, kg's prefixes declared."""
    holes = text.count(HOLE)
    for filling in itertools.product(FILLINGS, repeat=min(holes, 4)):
        candidate = text
        for f in (*filling, *[FILLINGS[0]] * (holes - len(filling))):
            candidate = candidate.replace(HOLE, f, 1)
        try:
            (parseUpdate if UPDATE_START.match(candidate) else parseQuery)(PROLOGUE + candidate)
            return True
        except Exception:
            continue
    return False


STRINGS = sparql_strings()


def test_the_search_finds_the_sparql_in_kg_and_examples():
    where = {w.split(":")[0] for w, _ in STRINGS}
    assert len(STRINGS) >= 60
    assert {"kg/views/facts.py", "kg/network.py", "kg/sources.py", "examples/claims.rq"} <= where


@pytest.mark.parametrize(("where", "text"), STRINGS, ids=[w for w, _ in STRINGS])
def test_prefixed_names_are_vocabulary_terms(where, text):
    assert unknown_names(text) == []


def test_every_whole_query_parses():
    whole = [(w, t) for w, t in STRINGS if QUERY_START.match(t) or UPDATE_START.match(t)]
    assert len(whole) >= 40
    assert [w for w, t in whole if not parses(t)] == []


def test_a_misspelt_term_is_caught():
    assert unknown_names("SELECT ?p WHERE { ?p a schema:Persn ; rdfs:lable ?l ; kg:agent ?a }") == [
        "rdfs:lable",
        "schema:Persn",
    ]
    assert unknown_names('SELECT ?x WHERE { ?x kgid:anything ?y ; rdfs:label "schema:Nope" }') == []
    assert not parses("SELECT ?x WHERE { ?x a schema:Person ")
