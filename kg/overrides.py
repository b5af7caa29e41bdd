"""A user's merge decisions (``kg build --overrides FILE``), which win over the rules of
:mod:`kg.merge`: one ``same`` or ``different`` decision per line."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


class OverridesError(ValueError):
    """The overrides file cannot be read; the message names the line and what to fix."""


@dataclass
class Overrides:
    """A user's decisions, which win over the rules.

    The file has one decision per line, fields separated by a tab (or by `` | ``)::

        # kg overrides
        same        Volodymyr Zelensky      Zelenskyy
        different   Kharkiv                 Kharkiv Oblast

    Names are compared case-insensitively with the name forms of entities of the
    same kind.  ``same`` merges the two nodes; ``different`` keeps them apart
    whatever the rules say (spellings that are identical cannot be told apart).
    """

    same: list[tuple[str, str]] = field(default_factory=list)
    different: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""

    @classmethod
    def read(cls, path: str | Path) -> Overrides:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise OverridesError(f"cannot read overrides file {path}: {exc.strerror or exc}") from exc
        return cls.parse(text, str(path))

    @classmethod
    def parse(cls, text: str, path: str = "overrides") -> Overrides:
        overrides = cls(text=text)
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = [f.strip() for f in (line.split("\t") if "\t" in line else line.split(" | "))]
            fields = [f for f in fields if f]
            if len(fields) != 3 or fields[0].lower() not in ("same", "different"):
                raise OverridesError(
                    f"{path}:{number}: expected 'same<TAB>NAME<TAB>NAME' or "
                    f"'different<TAB>NAME<TAB>NAME', got {line.strip()!r}"
                )
            pair = (fields[1].casefold(), fields[2].casefold())
            (overrides.same if fields[0].lower() == "same" else overrides.different).append(pair)
        return overrides

    def forbids(self, names_a: set[str], names_b: set[str]) -> bool:
        a = {n.casefold() for n in names_a}
        b = {n.casefold() for n in names_b}
        return any((x in a and y in b) or (x in b and y in a) for x, y in self.different)

    def apply_same(self, merger) -> None:
        """Merge, through ``merger`` (:class:`kg.merge._Merger`), the entities each ``same`` names."""
        by_name: dict[str, list] = defaultdict(list)
        for key, group in merger.members.items():
            for _, e in group:
                for n in (*e.names, e.name):
                    if n:
                        by_name[n.casefold()].append(key)
        for x, y in self.same:
            pairs = [(a, b) for a in by_name.get(x, []) for b in by_name.get(y, []) if a[0] == b[0]]
            for a, b in pairs:
                merger.union(a, b, "override: same")
            if not pairs:
                merger.decisions.append(
                    {
                        "rule": "override: same",
                        "a": x,
                        "b": y,
                        "_key": None,
                        "unapplied": "no two entities of one kind carry these names",
                    }
                )
