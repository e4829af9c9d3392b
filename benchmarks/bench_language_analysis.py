"""Language analysis in the index: what it finds, and what it costs per indexed document.

Indexes the real news excerpts in six languages of tests/fixtures/tagger/real/<lang>.jsonl
(the labelled sets, as `search_corpus` reads them; repeated
``--copies`` times under distinct ids) three times per round (``--rounds``, the order rotating),
into fresh aliases: with the template as
it was before v2 (language-neutral fields only); with six per-language multi-fields on title
and text, every article analysed by all six (the layout first tried); and with the v2 layout,
each article's title and text copied into its own language's fields only, as the pipeline's
writer does (Hunspell on the local node once its dictionaries are installed). Prints

- indexing cost: server-side indexing time per document (index stats) and the bulk wall time,
  and the store size, with and without the language sub-fields;
- recall: for pairs of an inflected and a base form per language, how many excerpts each form
  finds through `connectors.search` on each index (the same query code for both).

Each run deletes its indices. On the shared node it costs a few seconds of one core. `make
bench` runs it with ``--json`` (part ``language_analysis``) and renders the same tables into
RESULTS.md (`report_services.language_analysis_tables`).

    .venv/bin/python benchmarks/bench_language_analysis.py [--copies 3] [--es-url URL] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from dataclasses import replace
from typing import Any

from elasticsearch import Elasticsearch, helpers
from report_services import language_analysis_tables
from search_corpus import english_only_template, real_excerpt_rows

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import articles_template
from connectors.language_analysis import (
    TEXT_FIELDS,
    analyzer_name,
    choose_analysis,
    languages,
    with_language_fields,
)
from connectors.search.request import SearchRequest
from connectors.search.service import search
from connectors.settings import ElasticsearchSettings
from sitrep.config import load_config

# (language, inflected form, base form): words of conflict reporting found in the excerpts.
PAIRS = [
    ("en", "strikes", "strike"), ("en", "killed", "kill"), ("en", "fell", "fall"),
    ("fr", "frappes", "frappe"), ("fr", "tués", "tuer"), ("fr", "bombardements", "bombardement"),
    ("es", "ataques", "ataque"), ("es", "muertos", "muerto"), ("es", "bombardeos", "bombardeo"),
    ("ar", "الغارات", "غارة"), ("ar", "بالقصف", "قصف"), ("ar", "القتلى", "قتلى"),
    ("ru", "обстрелов", "обстрел"), ("ru", "погибли", "погиб"), ("ru", "ударов", "удар"),
    ("uk", "обстрілів", "обстріл"), ("uk", "загинули", "загинути"), ("uk", "ударів", "удар"),
]


def excerpts(copies: int) -> list[dict[str, Any]]:
    """The real excerpts as article documents, ``copies`` times under distinct ids."""
    return [{"id": f"{row['id']}-{copy}", "title": row.get("title") or "", "text": row["text"],
             "language": row["language"], "source": row["outlet"], "story_id": row["id"]}
            for copy in range(copies) for row in real_excerpt_rows()]


def multi_fields(settings: ElasticsearchSettings, analysis: dict[str, str]) -> dict[str, Any]:
    """Six `<field>.<lang>` multi-fields instead: every article analysed in every language."""
    template = english_only_template(settings, analysis)
    properties = template["template"]["mappings"]["properties"]
    for field in TEXT_FIELDS:
        extra = {"index_options": "offsets"} if field == "text" else {}
        subfields = {language: {"type": "text", "analyzer": analyzer_name(language), **extra}
                     for language in languages()}
        properties[field]["fields"].update(subfields)
    return template


def fill(client: Elasticsearch, alias: str, docs: list[dict[str, Any]]) -> dict[str, float]:
    """Bulk-index ``docs`` into ``alias``; the server's indexing time, wall time and size."""
    started = time.perf_counter()
    helpers.bulk(client, ({"_index": alias, "_id": d["id"], "_source": d} for d in docs), chunk_size=500)
    client.indices.refresh(index=alias)
    wall = time.perf_counter() - started
    client.indices.forcemerge(index=alias, max_num_segments=1)
    stats = client.indices.stats(index=alias)["_all"]["primaries"]
    return {"server_ms_per_doc": stats["indexing"]["index_time_in_millis"] / len(docs),
            "wall_ms_per_doc": wall * 1000 / len(docs), "store_mb": stats["store"]["size_in_bytes"] / 2**20}


def recall(client: Elasticsearch, alias: str) -> dict[str, int]:
    """How many (distinct) excerpts each form finds, in its own language."""
    found = {}
    for language, *forms in PAIRS:
        for form in forms:
            answer = search(client, alias, SearchRequest(query=form, languages=(language,), limit=1))
            found[form] = answer["total_stories"]
    return found


LAYOUTS = {"neutral": english_only_template, "six multi-fields": multi_fields,
           "own language (v2)": articles_template}


def index_layout(client: Elasticsearch, base: ElasticsearchSettings, alias: str, layout: str,
                 analysis: dict[str, str], docs: list[dict[str, Any]]) -> dict[str, float]:
    """A fresh alias with ``layout``'s template, filled with ``docs`` as that layout writes them."""
    settings = replace(base, articles_alias=alias)
    client.indices.put_index_template(name=alias, **LAYOUTS[layout](settings, analysis))
    client.indices.create(index=f"{alias}-000001", aliases={alias: {"is_write_index": True}})
    own = layout.startswith("own")
    return fill(client, alias, [with_language_fields(d) for d in docs] if own else docs)


def measure(client: Elasticsearch, base: ElasticsearchSettings, run: str, copies: int,
            rounds: int) -> dict[str, Any]:
    """Each layout once per round, the order rotating each round (so JVM warm-up and load drift
    fall on all three); median cost per layout; recall, for neutral and v2, from the first round."""
    docs = excerpts(copies)
    analysis = choose_analysis(client)
    results: dict[str, Any] = {"documents": len(docs), "analysis": analysis, "rounds": rounds}
    names = list(LAYOUTS)
    for number in range(rounds):
        for name in names[number % len(names):] + names[:number % len(names)]:
            alias = f"bench-lang-{names.index(name)}-{number}-{run}"
            entry = results.setdefault(name, {"every_round": []})
            entry["every_round"].append(index_layout(client, base, alias, name, analysis, docs))
            if number == 0 and name != "six multi-fields":
                entry["recall"] = recall(client, alias)
            client.indices.delete(index=f"{alias}-*")
            client.indices.delete_index_template(name=alias)
    for name in names:
        every = results[name]["every_round"]
        results[name].update({key: statistics.median(r[key] for r in every) for key in every[0]})
    return results


def main() -> None:
    """Measure, print the two tables (or, with ``--json``, the figures for `make bench`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--es-url", default=None)
    parser.add_argument("--rounds", type=int, default=3, help="each layout once per round")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    base = load_config().elasticsearch
    base = replace(base, url=args.es_url or base.url)
    client = make_client(base)
    run = uuid.uuid4().hex[:8]
    try:
        results = measure(client, base, run, args.copies, args.rounds)
    finally:  # what an interrupted round left behind
        client.options(ignore_status=404).indices.delete(index=f"bench-lang-*-{run}-*")
        client.options(ignore_status=404).indices.delete_index_template(name=f"bench-lang-*-{run}")
    results["pairs"] = PAIRS
    tables = "\n".join(language_analysis_tables(results))
    print(json.dumps(results, ensure_ascii=False) if args.json else tables)


if __name__ == "__main__":
    main()
