"""The shape of the house: module size, no import circle, Typer only in the CLI, and docs that
name only modules that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from builders import ROOT

KG = ROOT / "kg"
MAX_LINES = 800


def modules() -> dict[str, Path]:
    """Every module of kg by dotted name (a package by its __init__)."""
    found = {}
    for path in sorted(KG.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def module_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kg modules ``name`` imports at module level (not inside functions): what runs when
    it is imported."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    statements = list(tree.body)
    while statements:
        node = statements.pop(0)
        if isinstance(node, (ast.If, ast.Try)):  # e.g. `try: import x` at module level
            statements += node.body + node.orelse + getattr(node, "finalbody", [])
            statements += [s for h in getattr(node, "handlers", []) for s in h.body]
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        for target in targets:
            while target and target not in known:  # `from kg.x import name` -> kg.x
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def test_no_module_is_over_800_lines():
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in modules().items()}
    assert {n: lines for n, lines in long.items() if lines > MAX_LINES} == {}


def test_kg_has_no_import_circle():
    mods = modules()
    graph = {n: module_imports(n, p, set(mods)) for n, p in mods.items()}
    assert graph["kg.cli"] >= {"kg.cli.graph", "kg.cli.eval"}  # the walk sees relative imports
    assert "kg.vocab" in graph["kg.kinds"]

    def cycle_from(start: str) -> list[str] | None:
        path, on_path, done = [], set(), set()

        def visit(n: str) -> list[str] | None:
            path.append(n)
            on_path.add(n)
            for m in sorted(graph[n]):
                if m in on_path:
                    return [*path[path.index(m) :], m]
                if m not in done and (found := visit(m)):
                    return found
            on_path.discard(path.pop())
            done.add(n)
            return None

        return visit(start)

    cycles = [c for n in sorted(graph) if (c := cycle_from(n))]
    assert cycles == []


def test_the_cycle_finder_finds_a_cycle(tmp_path):
    """The walk above can fail: two modules importing each other are a circle."""
    (tmp_path / "a.py").write_text("from kg import b\n")
    (tmp_path / "b.py").write_text("import kg.a\n")
    known = {"kg", "kg.a", "kg.b"}
    assert module_imports("kg.a", tmp_path / "a.py", known) == {"kg", "kg.b"}
    assert module_imports("kg.b", tmp_path / "b.py", known) == {"kg.a"}


def test_typer_is_imported_only_under_kg_cli():
    users = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "typer" or n.startswith("typer.") for n in names):
                users.append(name)
    assert users, "the CLI imports Typer"
    assert sorted({u for u in users if not (u == "kg.cli" or u.startswith("kg.cli."))}) == []


# -- docs name only what exists -------------------------------------------------------

PATH = re.compile(r"`((?:kg|tests|tools|benchmarks|examples|ontology|docs)/[\w./-]*)`")


def named_paths(text: str) -> set[str]:
    return {m.rstrip("/.") for m in PATH.findall(text) if "*" not in m}


def _how_it_works(readme: str) -> str:
    start = readme.index("## How it works")
    return readme[start : readme.index("\n## ", start + 1)]


def test_readme_how_it_works_and_architecture_name_existing_paths():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    paths = named_paths(_how_it_works(readme)) | named_paths(architecture)
    assert len(paths) >= 30  # the docs do name the tree
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []


def test_a_stale_path_would_be_caught():
    assert named_paths("see `kg/view.py` and `kg/views/`") == {"kg/view.py", "kg/views"}
    assert not (ROOT / "kg" / "view.py").exists()


def test_no_test_module_imports_from_another_test_module_or_conftest():
    """Shared helpers live in helper modules (tests/builders.py, stores.py, browser.py)."""
    offenders = {}
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                if node.module == "conftest" or node.module.startswith("test_"):
                    offenders.setdefault(path.name, []).append(node.module)
            elif isinstance(node, ast.Import):
                offenders.setdefault(path.name, []).extend(
                    a.name for a in node.names if a.name == "conftest" or a.name.startswith("test_")
                )
    assert {k: v for k, v in offenders.items() if v} == {}
