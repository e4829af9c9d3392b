"""Which reports are one event: the rule, and a clustering that ignores arrival order.

Rule (README "How reports become events"): a report joins an event when
- their kinds agree: a shared event type other than strategic_development, or a shared tag;
- their days agree: the report's event day is within DAY_TOLERANCE of the event's first day;
- their places agree: a shared town (same name, or points within `same_town_km`) is a strong
  match; a town inside an area named by the other (within `region_radius_km`), or the same
  area, is an area match; two sets of towns with none in common are two places; a report or
  event without any place agrees on the country only, weakly;
- their actors do not contradict: for area and country matches, two non-empty actor lists
  with nobody in common are two events.
A weak (country-only) match is taken only when exactly one event qualifies, or exactly one of
those that qualify has a report stating the same death toll (within TOLL_SLACK, and at least
MIN_TOLL_SIGNAL). A report, or an event, that resolves no place and no country at all joins
only that way. Near-duplicate copies (same
story) join whatever their places say.

Clustering: reports are taken in canonical order (event day, publication, id) and each joins
the best-agreeing event formed so far, else starts one. The result depends only on the set of
reports, never on the order they arrived in; the first report of an event in that order (its
anchor) names it, so the id is the same however often and in whatever order it is rebuilt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipelines.events.reports import Place, Report, distances

DAY_TOLERANCE = 1
UNPLACED, WEAK, AREA, STRONG, SAME_STORY = 0, 1, 2, 3, 4
MIN_TOLL_SIGNAL = 3  # tolls of one or two are too common to tell events apart
TOLL_SLACK = 0.1  # 10 and 11 dead are one early count; 40 and 45 are not the same statement
NON_EVENT_TYPES = frozenset({"strategic_development"})


@dataclass
class Cluster:
    """An event being formed: its anchor, members and what they say together."""

    anchor: Report
    members: list[Report] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.members = self.members or [self.anchor]

    @property
    def id(self) -> str:
        """The event id: a hash of the anchor's article id (stable across rebuilds)."""
        return "ev-" + hashlib.sha256(self.anchor.article_id.encode("utf-8")).hexdigest()[:20]

    def places(self, precision: str) -> list[Place]:
        """Members' places of one precision, each once."""
        seen: dict[str, Place] = {}
        for report in self.members:
            for place in report.places:
                if place.precision == precision:
                    seen.setdefault(place.name, place)
        return list(seen.values())

    def union(self, attribute: str) -> set[str]:
        """Members' values of a tuple attribute (tags, actors, countries ...), together."""
        return {value for report in self.members for value in getattr(report, attribute)}


def kinds_agree(report: Report, cluster: Cluster) -> bool:
    """A shared violent event type, or a shared tag."""
    types = (set(report.event_types) & cluster.union("event_types")) - NON_EVENT_TYPES
    return bool(types) or bool(set(report.tags) & cluster.union("tags"))


def _near(a: Place, b: Place, km: float) -> bool:
    distance = a.km_to(b)
    return a.name == b.name or (distance is not None and distance <= km)


def place_agreement(report: Report, cluster: Cluster) -> int | None:
    """STRONG, AREA or WEAK agreement of places; None when they name different places."""
    same_km, region_km = distances()
    towns, areas = cluster.places("town"), cluster.places("region")
    mine = [p for p in report.places if p.precision == "town"]
    my_areas = [p for p in report.places if p.precision == "region"]
    if any(_near(t, c, same_km) for t in mine for c in towns):
        return STRONG
    if mine and towns:
        return None
    if (
        any(_near(t, a, region_km) for t in mine for a in areas)
        or any(_near(a, t, region_km) for a in my_areas for t in towns)
        or any(a.name == b.name for a in my_areas for b in areas)
    ):
        return AREA
    if (mine or my_areas) and (towns or areas):
        return None
    if not (mine or my_areas or report.countries) or not (towns or areas or cluster.union("countries")):
        return UNPLACED
    return WEAK if set(report.countries) & cluster.union("countries") else None


def agreement(report: Report, cluster: Cluster) -> int | None:
    """How strongly the report belongs to the event (None: it does not)."""
    if abs((report.day - cluster.anchor.day).days) > DAY_TOLERANCE:
        return None
    if report.story_id and report.story_id in {m.story_id for m in cluster.members}:
        return SAME_STORY
    if not kinds_agree(report, cluster):
        return None
    level = place_agreement(report, cluster)
    if level is None or level == STRONG:
        return level
    actors, theirs = set(report.actors), cluster.union("actors")
    if actors and theirs and not actors & theirs:
        return None
    return level


def _rank(report: Report, cluster: Cluster, level: int) -> tuple[int, int, int]:
    """Best candidate first: agreement, then shared tags, then shared actors."""
    return (
        level,
        len(set(report.tags) & cluster.union("tags")),
        len(set(report.actors) & cluster.union("actors")),
    )


def best_cluster(report: Report, clusters: list[Cluster]) -> Cluster | None:
    """The event the report joins, if any; ties go to the earliest-formed event."""
    candidates = [(c, level) for c in clusters if (level := agreement(report, c)) is not None]
    if not candidates:
        return None
    best, level = max(candidates, key=lambda pair: _rank(report, pair[0], pair[1]))
    if level == UNPLACED or (level == WEAK and len(candidates) > 1):
        same_toll = [c for c, _ in candidates if _states_toll(c, report.fatalities)]
        return same_toll[0] if len(same_toll) == 1 else None  # only when unambiguous
    return best


def _states_toll(cluster: Cluster, toll: int | None) -> bool:
    """Whether a member of the event reports exactly this death toll."""
    if toll is None or toll < MIN_TOLL_SIGNAL:
        return False
    return any(
        m.fatalities is not None and abs(m.fatalities - toll) <= max(1, TOLL_SLACK * max(m.fatalities, toll))
        for m in cluster.members
    )


def cluster_reports(reports: Iterable[Report]) -> list[Cluster]:
    """Reports grouped into events; one report per article id (the last one given wins)."""
    by_id = {r.article_id: r for r in reports}
    clusters: list[Cluster] = []
    first_open = 0  # clusters are formed in anchor-day order: older ones can take no more reports
    for report in sorted(by_id.values(), key=lambda r: r.key):
        while (
            first_open < len(clusters) and (report.day - clusters[first_open].anchor.day).days > DAY_TOLERANCE
        ):
            first_open += 1
        chosen = best_cluster(report, clusters[first_open:])
        if chosen is None:
            clusters.append(Cluster(report))
        else:
            chosen.members.append(report)
    return clusters
