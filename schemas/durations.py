"""The one duration format of sitrep's files and flags: ``90s``, ``15m``, ``6h``, ``7d``, ``2w``.

Feeds files (min_interval), rule files (timeframe, realert, aggregate) and the CLI
(``--every``, ``--since``) all read durations with this function, so they agree.
"""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"^\s*([0-9]+)\s*(s|m|h|d|w)?\s*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(value: int | str) -> timedelta:
    """A duration from whole seconds (``900``) or a number with a unit (``15m``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"not a duration: {value!r} (negative)")
        return timedelta(seconds=value)
    found = _DURATION.match(str(value))
    if not found:
        raise ValueError(f"not a duration: {value!r} (use e.g. 90s, 15m, 6h, 7d, 2w)")
    return timedelta(seconds=int(found.group(1)) * UNIT_SECONDS[found.group(2) or "s"])
