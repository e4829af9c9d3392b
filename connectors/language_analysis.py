"""Per-language analysis of article titles and texts, chosen from what the node can do.

Each first-class language has its own `title_<lang>` / `text_<lang>` fields, analysed for that
language (`schemas/elasticsearch/language-analysis.json`); the writer fills only those of the
article's detected language (:func:`with_language_fields`), so each article pays for one
language's analysis, not six (measured: 13 ms of indexing per 750-character excerpt with six
multi-fields against 0.9 ms without; `benchmarks/RESULTS.md`). Articles in other languages
have only the language-neutral `title` / `text`. How a language is analysed depends on the node:

- ``hunspell``: the core `hunspell` token filter with that language's dictionary (the local
  minimal node, once `sitrep services up` has copied Debian's dictionaries into its config; a
  full Elasticsearch with the same dictionaries in `<path.conf>/hunspell/`);
- ``builtin``: the language analyzer of the `analysis-common` module (a full Elasticsearch,
  Docker image or managed, without dictionaries);
- ``plain``: the language-neutral analysis (neither is available; searching still works, without
  stemming for that language).

``auto`` (the default of `elasticsearch.language_analysis`) probes the node and takes the first
that works per language; naming a mode forces it where the language has it.
"""

from __future__ import annotations

import logging
from typing import Any

from elasticsearch import ApiError, Elasticsearch

from schemas import load_json

log = logging.getLogger(__name__)

MODES = ("auto", "hunspell", "builtin", "plain")
TEXT_FIELDS = ("title", "text")


def languages() -> dict[str, dict[str, Any]]:
    """The first-class languages and how each can be analysed (the data file)."""
    return load_json("elasticsearch/language-analysis.json")["languages"]


def analyzer_name(language: str) -> str:
    """The index analyzer of one language's sub-fields."""
    return f"sitrep_{language}"


def _works(client: Elasticsearch, **request: Any) -> bool:
    """Whether the node analyses a word with these `_analyze` arguments."""
    try:
        client.indices.analyze(text="test", **request)
    except ApiError:
        return False
    return True


def _available(client: Elasticsearch, spec: dict[str, Any], mode: str) -> bool:
    if mode == "hunspell":
        return _works(client, tokenizer="standard",
                      filter=[{"type": "hunspell", "locale": spec["hunspell"]}])
    if mode == "builtin":
        return bool(spec.get("builtin")) and _works(client, analyzer=spec["builtin"])
    return True


def choose_analysis(client: Elasticsearch, mode: str = "auto") -> dict[str, str]:
    """Per language, the analysis this node will give it: ``hunspell``, ``builtin`` or ``plain``."""
    if mode not in MODES:
        raise ValueError(f"elasticsearch.language_analysis must be one of {', '.join(MODES)}, not {mode!r}")
    candidates = ("hunspell", "builtin") if mode == "auto" else (mode,)
    chosen: dict[str, str] = {}
    for language, spec in languages().items():
        chosen[language] = next(
            (candidate for candidate in candidates if _available(client, spec, candidate)), "plain")
    degraded = sorted(lang for lang, how in chosen.items() if how == "plain")
    if degraded and mode != "plain":
        log.warning("no stemming for %s on this node: install the Hunspell dictionaries "
                    "(deploy/local/install-dictionaries.sh) and restart it", ", ".join(degraded),
                    extra={"languages": degraded})
    return chosen


def _stop_filter(spec: dict[str, Any]) -> dict[str, Any]:
    return {"type": "stop", "stopwords": spec["stopwords"]}


def analysis_settings(chosen: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The analyzers and filters to add to the index settings for the chosen analysis."""
    analyzers: dict[str, Any] = {}
    filters: dict[str, Any] = {}
    for language, spec in languages().items():
        name = analyzer_name(language)
        how = chosen.get(language, "plain")
        if how == "builtin":
            analyzers[name] = {"type": spec["builtin"]}
            continue
        filters[f"{name}_stop"] = _stop_filter(spec)
        chain = ["lowercase", f"{name}_stop"]
        if how == "hunspell":
            filters[f"{name}_stem"] = {"type": "hunspell", "locale": spec["hunspell"], "dedup": True}
            chain.append(f"{name}_stem")
        analyzers[name] = {"type": "custom", "tokenizer": "standard", "filter": chain}
    return {"analyzer": analyzers, "filter": filters}


def language_field(field: str, language: str) -> str:
    """The index field holding ``field`` (title or text) of articles in ``language``."""
    return f"{field}_{language}"


def language_properties() -> dict[str, dict[str, Any]]:
    """The mapping of every `<field>_<lang>`; text keeps offsets so highlighting needs no
    re-analysis."""
    return {language_field(field, language): {"type": "text", "analyzer": analyzer_name(language),
                                              **({"index_options": "offsets"} if field == "text" else {})}
            for language in languages() for field in TEXT_FIELDS}


def with_language_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as indexed: its title and text also in its own language's fields, when that
    language is one of ours (other languages are searched through the neutral fields only)."""
    language = doc.get("language")
    if language not in languages():
        return doc
    extra = {language_field(field, language): doc[field] for field in TEXT_FIELDS if doc.get(field)}
    return {**doc, **extra}
