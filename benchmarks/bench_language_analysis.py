"""Language analysis in the index: what it finds, and what it costs per indexed document.

Indexes the real news excerpts in six languages of tests/fixtures/tagger/real/ (repeated
``--copies`` times under distinct ids) three times, into fresh aliases: with the template as
it was before v2 (language-neutral fields only); with six per-language multi-fields on title
and text, every article analysed by all six (the layout first tried); and with the v2 layout,
each article's title and text copied into its own language's fields only, as the pipeline's
writer does (Hunspell on the local node once its dictionaries are installed). Prints

- indexing cost: server-side indexing time per document (index stats) and the bulk wall time,
  and the store size, with and without the language sub-fields;
- recall: for pairs of an inflected and a base form per language, how many excerpts each form
  finds through `connectors.search` on each index (the same query code for both).

Each run deletes its indices. On the shared node it costs a few seconds of one core.

    .venv/bin/python benchmarks/bench_language_analysis.py [--copies 10] [--es-url URL]
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch, helpers

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import articles_template
from connectors.language_analysis import (
    TEXT_FIELDS,
    analyzer_name,
    choose_analysis,
    language_properties,
    languages,
    with_language_fields,
)
from connectors.search.request import SearchRequest
from connectors.search.service import search
from connectors.settings import ElasticsearchSettings
from sitrep.config import load_config

REAL = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "tagger" / "real"
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
    rows = [json.loads(line) for path in sorted(REAL.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"id": f"{row['id']}-{copy}", "title": row.get("title") or "", "text": row["text"],
             "language": row["language"], "source": row["outlet"], "story_id": row["id"]}
            for copy in range(copies) for row in rows]


def neutral_only(settings: ElasticsearchSettings, analysis: dict[str, str]) -> dict[str, Any]:
    """The article template without the language fields: the layout before v2."""
    template = articles_template(settings, analysis)
    properties = template["template"]["mappings"]["properties"]
    for name in language_properties():
        properties.pop(name)
    return template


def multi_fields(settings: ElasticsearchSettings, analysis: dict[str, str]) -> dict[str, Any]:
    """Six `<field>.<lang>` multi-fields instead: every article analysed in every language."""
    template = neutral_only(settings, analysis)
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


LAYOUTS = {"neutral": neutral_only, "six multi-fields": multi_fields, "own language (v2)": articles_template}


def measure(client: Elasticsearch, base: ElasticsearchSettings, run: str, copies: int) -> dict[str, Any]:
    """Index the excerpts under each layout in turn; cost for each, recall for neutral and v2."""
    docs = excerpts(copies)
    analysis = choose_analysis(client)
    results: dict[str, Any] = {"documents": len(docs), "analysis": analysis}
    for number, (name, template) in enumerate(LAYOUTS.items()):
        alias = f"bench-lang-{number}-{run}"
        settings = replace(base, articles_alias=alias)
        client.indices.put_index_template(name=alias, **template(settings, analysis))
        client.indices.create(index=f"{alias}-000001", aliases={alias: {"is_write_index": True}})
        own = name.startswith("own")
        results[name] = fill(client, alias, [with_language_fields(d) for d in docs] if own else docs)
        if name != "six multi-fields":
            results[name]["recall"] = recall(client, alias)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--es-url", default=None)
    args = parser.parse_args()
    base = load_config().elasticsearch
    base = replace(base, url=args.es_url or base.url)
    client = make_client(base)
    run = uuid.uuid4().hex[:8]
    try:
        results = measure(client, base, run, args.copies)
    finally:
        client.options(ignore_status=404).indices.delete(index=f"bench-lang-*-{run}-*")
        for number in range(len(LAYOUTS)):
            client.options(ignore_status=404).indices.delete_index_template(name=f"bench-lang-{number}-{run}")
    report(results)


def report(results: dict[str, Any]) -> None:
    """The two tables, as RESULTS.md shows them."""
    print(f"indexing {results['documents']} documents (the real excerpts x copies, 6 languages); "
          f"analysis: {results['analysis']}")
    print("| layout | server ms/doc | bulk wall ms/doc | store MB |\n|---|---:|---:|---:|")
    for name in LAYOUTS:
        row = results[name]
        print(f"| {name} | {row['server_ms_per_doc']:.2f} | {row['wall_ms_per_doc']:.2f} "
              f"| {row['store_mb']:.1f} |")
    neutral, v2 = results["neutral"]["recall"], results["own language (v2)"]["recall"]
    print("\n| lang | query form | excerpts found, neutral fields | with the language's fields |")
    print("|---|---|---:|---:|")
    for language, *forms in PAIRS:
        for form in forms:
            print(f"| {language} | {form} | {neutral[form]} | {v2[form]} |")


if __name__ == "__main__":
    main()
