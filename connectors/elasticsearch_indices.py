"""Creating sitrep's Elasticsearch template, write alias and side indices from `schemas/`.

The article indices sit behind a write alias. Each index records in its mapping `_meta` the
template version and per-language analysis it was built with; when either changes (a new
template, or dictionaries installed since), `ensure_indices` rolls the alias over to a new index
built from the new template. Older indices stay behind the alias for searching, unchanged.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from elasticsearch import Elasticsearch

from connectors.language_analysis import (
    analysis_settings,
    choose_analysis,
    language_properties,
)
from connectors.settings import ElasticsearchSettings
from schemas import load_json


def articles_template(settings: ElasticsearchSettings, analysis: dict[str, str] | None = None) -> dict:
    """The composable index template for the article indices behind the write alias.

    ``analysis`` maps each language to hunspell / builtin / plain (see `language_analysis`);
    None means plain for all, which any node accepts.
    """
    analysis = analysis or {}
    template = copy.deepcopy(load_json("elasticsearch/articles-template.json"))
    template["index_patterns"] = [f"{settings.articles_alias}-*"]
    body = template["template"]
    body["settings"].update(number_of_shards=settings.shards, number_of_replicas=settings.replicas or 0)
    for kind, entries in analysis_settings(analysis).items():
        body["settings"]["analysis"].setdefault(kind, {}).update(entries)
    body["mappings"]["properties"].update(language_properties())
    meta = {"schema_version": template["_meta"]["schema_version"], "language_analysis": analysis}
    template["_meta"] = {**template["_meta"], "language_analysis": analysis}
    body["mappings"]["_meta"] = meta
    return template


def _write_index_meta(client: Elasticsearch, alias: str) -> tuple[str, dict[str, Any]]:
    """The alias's write index and the mapping `_meta` it was created with ({} before v2)."""
    aliases = client.indices.get_alias(name=alias)
    write = next((name for name, info in aliases.items()
                  if info["aliases"][alias].get("is_write_index")), max(aliases))
    mapping = client.indices.get_mapping(index=write)[write]["mappings"]
    return write, mapping.get("_meta", {})


def _ensure_articles(client: Elasticsearch, settings: ElasticsearchSettings, wanted: dict) -> list[str]:
    """The template, then the first index or a rollover when the write index is out of date."""
    created: list[str] = []
    name, alias = settings.articles_alias, settings.articles_alias
    current = None
    if client.indices.exists_index_template(name=name):
        found = client.indices.get_index_template(name=name)["index_templates"]
        current = found[0]["index_template"] if found else None
    if current is None or current.get("_meta") != wanted["_meta"]:
        client.indices.put_index_template(name=name, **wanted)
        created.append(f"index template {name}")
    if not client.indices.exists_alias(name=alias):
        first = f"{alias}-000001"
        client.indices.create(index=first, aliases={alias: {"is_write_index": True}})
        return [*created, f"index {first} (write alias {alias})"]
    old, meta = _write_index_meta(client, alias)
    if meta != wanted["template"]["mappings"]["_meta"]:
        new = client.indices.rollover(alias=alias)["new_index"]
        created.append(f"index {new} (write alias {alias} rolled over from {old}: "
                       f"template v{meta.get('schema_version', 1)} -> "
                       f"v{wanted['_meta']['schema_version']}, language analysis {_describe(wanted)})")
    return created


def _describe(template: dict) -> str:
    analysis = template["_meta"]["language_analysis"]
    return ", ".join(f"{language} {how}" for language, how in analysis.items()) or "plain"


def index_replicas(client: Elasticsearch, settings: ElasticsearchSettings) -> int:
    """``elasticsearch.replicas``, or unset: 1 on a cluster of two or more data nodes, else 0."""
    if settings.replicas is not None:
        return settings.replicas
    return 1 if client.cluster.health()["number_of_data_nodes"] > 1 else 0


def ensure_indices(client: Elasticsearch, settings: ElasticsearchSettings) -> list[str]:
    """Put the template and create the first article index, rules, alerts and events indices if absent.

    Returns what was created; a second run creates nothing and changes nothing.
    """
    analysis = choose_analysis(client, settings.language_analysis)
    settings = replace(settings, replicas=index_replicas(client, settings))
    created = _ensure_articles(client, settings, articles_template(settings, analysis))
    for name, schema in (
        (settings.rules_index, "elasticsearch/rules-index.json"),
        (settings.alerts_index, "elasticsearch/alerts-index.json"),
        (settings.events_index, "elasticsearch/events-index.json"),
    ):
        if not client.indices.exists(index=name):
            body = copy.deepcopy(load_json(schema))
            body.pop("_meta", None)
            body["settings"]["number_of_replicas"] = settings.replicas
            client.indices.create(index=name, **body)
            created.append(f"index {name}")
    return created
