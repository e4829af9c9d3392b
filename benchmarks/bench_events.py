"""Event linking quality on real reports: pairwise precision and recall, dev and blind halves.

The set (tests/fixtures/events/linking-set.yaml) holds published excerpts labelled with the
incident each reports, labelled before the linker first ran. Each report goes through the
real tagger (its own language's rules) and the real linker; then every pair of reports is
judged: linked by the linker and by the labels (true positive), by the linker only (false
positive), by the labels only (false negative). The halves are fixed by md5(url) parity, and
only the dev half was looked at while tuning.

    .venv/bin/python benchmarks/bench_events.py            # both halves, as JSON
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.events.linking import cluster_reports  # noqa: E402
from pipelines.events.reports import is_linkable, report_of  # noqa: E402

LINKING_SET = ROOT / "tests" / "fixtures" / "events" / "linking-set.yaml"
BASELINE = ROOT / "tests" / "fixtures" / "events" / "linking-baseline.json"


def load_set(path: Path = LINKING_SET) -> list[dict[str, Any]]:
    """The labelled reports, each with its id (md5 of the URL) and its half."""
    reports = yaml.safe_load(path.read_text(encoding="utf-8"))["reports"]
    for report in reports:
        digest = hashlib.md5(report["url"].encode("utf-8")).hexdigest()
        report["id"] = digest
        report["half"] = "blind" if int(digest[-1], 16) % 2 else "dev"
    return reports


def tagged_articles(
    reports: Iterable[dict[str, Any]], tag: Callable[..., dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each labelled report as an enriched article: its own fields plus the tagger's findings."""
    articles = []
    for report in reports:
        found = tag(report["title"], report["text"], report["language"])
        locations = [
            {"name": p["name"], "country": p.get("country"), "lat": p.get("lat"), "lon": p.get("lon")}
            for p in found.get("locations") or []
        ]
        articles.append(
            {
                "id": report["id"],
                "url": report["url"],
                "source": report["outlet"],
                "title": report["title"],
                "text": report["text"],
                "published": report["published"],
                "language": report["language"],
                **{
                    k: found.get(k)
                    for k in (
                        "event_types",
                        "tags",
                        "evidence",
                        "fatalities",
                        "actors",
                        "countries",
                        "tagged_language",
                    )
                },
                "locations": locations,
            }
        )
    return articles


def pairwise(truth: dict[str, str], predicted: dict[str, str]) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of a predicted grouping against the labelled one.

    Reports the linker left out (not linkable) are singletons in the prediction.
    """
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(truth), 2):
        same_truth = truth[a] == truth[b]
        same_pred = a in predicted and b in predicted and predicted[a] == predicted[b]
        tp += same_truth and same_pred
        fp += same_pred and not same_truth
        fn += same_truth and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "true_pairs": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def evaluate(articles: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """Link the articles and score the grouping against the labels."""
    linkable = [a for a in articles if is_linkable(a)]
    clusters = cluster_reports(report_of(a) for a in linkable)
    predicted = {m.article_id: c.id for c in clusters for m in c.members}
    scores = pairwise({a["id"]: labels[a["id"]] for a in articles}, predicted)
    return {
        **scores,
        "reports": len(articles),
        "linkable": len(linkable),
        "events": len(clusters),
        "incidents": len(set(labels[a["id"]] for a in articles)),
    }


def run(halves: tuple[str, ...] = ("dev", "blind")) -> dict[str, Any]:
    """Both halves through the real tagger and linker."""
    from pipelines.tagger import MultilingualTagger

    tagger = MultilingualTagger()
    reports = load_set()
    labels = {r["id"]: r["incident"] for r in reports}
    articles = tagged_articles(reports, lambda t, x, lang: tagger.tag(t, x, lang).to_dict())
    half_of = {r["id"]: r["half"] for r in reports}
    return {half: evaluate([a for a in articles if half_of[a["id"]] == half], labels) for half in halves}


def describe(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """What the set holds: reports, outlets, incidents, reports per language."""
    languages: dict[str, int] = {}
    for report in reports:
        languages[report["language"]] = languages.get(report["language"], 0) + 1
    return {
        "reports": len(reports),
        "outlets": len({r["outlet"] for r in reports}),
        "incidents": len({r["incident"] for r in reports}),
        "languages": dict(sorted(languages.items(), key=lambda kv: -kv[1])),
    }


if __name__ == "__main__":
    print(json.dumps({"benchmark": "events", "set": describe(load_set()), **run()}, indent=1))
