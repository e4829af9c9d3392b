"""Shared fixtures for the tagger tests: one tagger per session (building it is costly)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.tagger import EventTagger

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tagger"


@pytest.fixture(scope="session")
def tagger() -> EventTagger:
    """The tagger built from schemas/taxonomy, shared by every test."""
    return EventTagger.from_schemas()


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures/tagger."""
    return FIXTURES
