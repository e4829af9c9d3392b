"""The environment of a `sitrep` subprocess that works in one test's own topics, indices and files.

Integration tests run the real CLI as a subprocess; every topic, consumer group, index and
alias comes from the test's isolated settings, so this is derived from the settings' fields
rather than listed (a new index in the settings is isolated without touching the tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import TypeVar

from connectors.settings import ElasticsearchSettings, KafkaSettings

ROOT = Path(__file__).resolve().parents[1]
NAMED = ("_index", "_alias", "_topic", "_group")


Settings = TypeVar("Settings", KafkaSettings, ElasticsearchSettings)


def isolated(settings: Settings, unique_name: Callable[[str], str], **changes: object) -> Settings:
    """The settings with every topic, consumer group, index and alias given a name of its own."""
    names = {field.name: unique_name(field.name.split("_")[0]) for field in fields(settings)
             if field.name.endswith(NAMED)}
    return replace(settings, **names, **changes)


def settings_env(kafka: KafkaSettings, es: ElasticsearchSettings) -> dict[str, str]:
    """SITREP_* variables for every topic, consumer group, index and alias of these settings."""
    return {
        f"SITREP_{section}_{field.name.upper()}": str(getattr(settings, field.name))
        for section, settings in (("KAFKA", kafka), ("ELASTICSEARCH", es))
        for field in fields(settings) if field.name.endswith(NAMED)
    }


def cycle_env(kafka: KafkaSettings, es: ElasticsearchSettings, work: Path, feeds_file: Path,
              **extra: str) -> dict[str, str]:
    """The environment plus this test's names, state dir and feeds, the seed rules, no host delay."""
    return dict(os.environ, **settings_env(kafka, es), SITREP_STATE_DIR=str(work / "state"),
                SITREP_FEEDS_FILE=str(feeds_file), SITREP_RULES_DIR=str(ROOT / "seeds" / "rules"),
                SITREP_FETCH_PER_HOST_DELAY="0", **extra)
