"""The Hunspell dictionaries copied into the local node's config, fixed for Lucene's parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.local_servers.hunspell import SET_WINDOW, install_dictionaries

pytestmark = pytest.mark.unit
SOURCE = Path(__file__).parents[2] / "fixtures" / "hunspell"


def test_each_available_locale_gets_its_own_folder(tmp_path: Path) -> None:
    report = install_dictionaries(tmp_path, SOURCE)
    assert report.installed == ("en_US", "ar")
    assert (tmp_path / "hunspell" / "en_US" / "en_US.dic").read_text() == "1\nshell/S\n"


def test_missing_locales_are_reported_not_raised(tmp_path: Path) -> None:
    assert set(install_dictionaries(tmp_path, SOURCE).missing) == {"fr_FR", "es_ES", "ru_RU", "uk_UA"}


def test_a_set_line_past_lucenes_window_is_moved_to_the_top(tmp_path: Path) -> None:
    assert (SOURCE / "ar.aff").read_bytes().index(b"\nSET ") > SET_WINDOW
    install_dictionaries(tmp_path, SOURCE)
    aff = (tmp_path / "hunspell" / "ar" / "ar.aff").read_text(encoding="utf-8")
    assert aff.startswith("SET UTF-8\n") and aff.count("SET UTF-8") == 1


def test_morphological_aliases_are_dropped_from_the_words(tmp_path: Path) -> None:
    install_dictionaries(tmp_path, SOURCE)
    assert (tmp_path / "hunspell" / "ar" / "ar.dic").read_text(encoding="utf-8") == "1\nقصف/Aa\n"


def test_a_dictionary_without_aliases_is_copied_unchanged(tmp_path: Path) -> None:
    install_dictionaries(tmp_path, SOURCE)
    assert (tmp_path / "hunspell" / "en_US" / "en_US.aff").read_bytes() == (SOURCE / "en_US.aff").read_bytes()
