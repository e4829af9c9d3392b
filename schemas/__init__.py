"""The contracts as data: message and rule JSON Schemas, the index templates, the taxonomy.

This module is the small loader for them, so every layer reads the same files the same way.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SCHEMA_DIR = Path(__file__).resolve().parent


def schema_path(name: str) -> Path:
    """Path of a contract file, relative to the schemas package (e.g. ``"raw-article.json"``)."""
    path = SCHEMA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"sitrep contract file not found: {path}")
    return path


@cache
def load_json(name: str) -> Any:
    """Parse a JSON contract once per process; callers must not mutate the result."""
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


@cache
def load_yaml(name: str) -> Any:
    """Parse a YAML contract (taxonomy, lexicons) once per process; callers must not mutate it."""
    return yaml.safe_load(schema_path(name).read_text(encoding="utf-8"))
