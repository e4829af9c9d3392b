"""Creating sitrep's Elasticsearch template, write alias and side indices from `schemas/`."""

from __future__ import annotations

import copy

from elasticsearch import Elasticsearch

from connectors.settings import ElasticsearchSettings
from schemas import load_json


def articles_template(settings: ElasticsearchSettings) -> dict:
    """The composable index template for the article indices behind the write alias."""
    template = copy.deepcopy(load_json("elasticsearch/articles-template.json"))
    template["index_patterns"] = [f"{settings.articles_alias}-*"]
    template["template"]["settings"].update(
        number_of_shards=settings.shards, number_of_replicas=settings.replicas
    )
    return template


def ensure_indices(client: Elasticsearch, settings: ElasticsearchSettings) -> list[str]:
    """Put the template and create the first article index, rules and alerts indices if absent.

    Returns what was created; a second run creates nothing and changes nothing.
    """
    created: list[str] = []
    template_name = settings.articles_alias
    wanted = articles_template(settings)
    current = None
    if client.indices.exists_index_template(name=template_name):
        found = client.indices.get_index_template(name=template_name)["index_templates"]
        current = found[0]["index_template"] if found else None
    if current is None or current.get("_meta") != wanted["_meta"]:
        client.indices.put_index_template(name=template_name, **wanted)
        created.append(f"index template {template_name}")
    if not client.indices.exists_alias(name=settings.articles_alias):
        first = f"{settings.articles_alias}-000001"
        client.indices.create(
            index=first, aliases={settings.articles_alias: {"is_write_index": True}}
        )
        created.append(f"index {first} (write alias {settings.articles_alias})")
    for name, schema in (
        (settings.rules_index, "elasticsearch/rules-index.json"),
        (settings.alerts_index, "elasticsearch/alerts-index.json"),
    ):
        if not client.indices.exists(index=name):
            body = copy.deepcopy(load_json(schema))
            body.pop("_meta", None)
            client.indices.create(index=name, **body)
            created.append(f"index {name}")
    return created
