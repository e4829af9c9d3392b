"""The Hunspell dictionaries the local node stems with, copied into its config before it starts.

Elasticsearch's core `hunspell` token filter reads `<path.conf>/hunspell/<locale>/*.aff|*.dic`
once, at node start. `deploy/local/install-dictionaries.sh` (`make dictionaries`) installs
Debian's packages into /usr/share/hunspell; here each sitrep locale's pair is copied from there
into the node's config directory. Lucene's parser wants the `SET` (encoding) line within the
first 30,720 bytes of the .aff, and Debian's Arabic file has it at line 24,139: the copy moves
it to the top. That Arabic dictionary also gives morphological aliases (`AM` lines in the .aff,
numbers after a tab in the .dic), which Lucene turns into bogus stems (`قصف` -> `:قصف`, `:قص`,
measured on the 8.14.1 node); the copy drops them from the .dic, which stems then correctly
(`قصف`, `القصف`, `بالقصف` -> `قصف`). A missing dictionary is not an error here (the node starts without it and
`sitrep init` falls back for that language, saying so); it is reported in the return value.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SYSTEM_DICTIONARIES = Path("/usr/share/hunspell")
# sitrep language -> the Hunspell locale the node knows it by (its folder name under hunspell/).
LOCALES: dict[str, str] = {
    "en": "en_US", "fr": "fr_FR", "es": "es_ES", "ar": "ar", "ru": "ru_RU", "uk": "uk_UA",
}
SET_WINDOW = 30_720  # bytes of the .aff within which Lucene accepts the SET directive


@dataclass(frozen=True)
class DictionaryReport:
    """Which locales were put in the node's config, and which were missing at the source."""

    installed: tuple[str, ...]
    missing: tuple[str, ...]


def install_dictionaries(config_dir: Path, source: Path = SYSTEM_DICTIONARIES,
                         owner: int | None = None) -> DictionaryReport:
    """Copy every available locale's .aff/.dic into ``config_dir/hunspell/<locale>/``.

    Runs before each node start (cheap: a few MB), so a dictionary installed since the last
    start is picked up by the next one. ``owner`` chowns what was written (the node's user).
    """
    target_root = config_dir / "hunspell"
    installed, missing = [], []
    for locale in LOCALES.values():
        aff, dic = source / f"{locale}.aff", source / f"{locale}.dic"
        if not (aff.exists() and dic.exists()):
            missing.append(locale)
            continue
        target = target_root / locale
        target.mkdir(parents=True, exist_ok=True)
        affixes = aff.read_bytes()  # read_bytes follows Debian's symlinks (fr_FR -> fr)
        (target / aff.name).write_bytes(_set_line_first(affixes))
        if _has_morph_aliases(affixes):
            (target / dic.name).write_bytes(_without_morphology(dic.read_bytes()))
        else:
            shutil.copyfile(dic, target / dic.name)
        installed.append(locale)
        if owner is not None:
            for path in (target_root, target, target / aff.name, target / dic.name):
                os.chown(path, owner, owner)
    if missing:
        log.warning("hunspell dictionaries missing in %s: %s; run deploy/local/install-dictionaries.sh "
                    "(make dictionaries) and restart the node", source, ", ".join(missing))
    return DictionaryReport(tuple(installed), tuple(missing))


def _set_line_first(aff: bytes) -> bytes:
    """The .aff with its `SET` line moved to the top when it lies past Lucene's window."""
    lines = aff.splitlines(keepends=True)
    offset = 0
    for index, line in enumerate(lines):
        if line.startswith(b"SET"):
            if offset < SET_WINDOW:
                return aff
            head = line if line.endswith(b"\n") else line + b"\n"
            return head + b"".join(lines[:index] + lines[index + 1:])
        offset += len(line)
    return aff


def _has_morph_aliases(aff: bytes) -> bool:
    """Whether the .aff defines morphological aliases (`AM n` lines)."""
    return any(line.startswith(b"AM ") or line.startswith(b"AM\t") for line in aff.splitlines())


def _without_morphology(dic: bytes) -> bytes:
    """The .dic with everything after the first tab of each line (morphological fields) removed."""
    return b"\n".join(line.split(b"\t", 1)[0] for line in dic.splitlines()) + b"\n"
