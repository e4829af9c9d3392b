"""The per-feed result of a polling pass, as ops read it (text line or JSON)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

POLLED = frozenset({"ok", "not_modified"})
NOT_ATTEMPTED = frozenset({"disabled", "not_due"})


@dataclass
class FeedSummary:
    """What happened to one feed: status, article counts and the problem worth reading."""

    name: str
    url: str
    status: str  # ok | not_modified | not_due | disabled | error
    new: int = 0
    unchanged: int = 0
    errors: int = 0
    unusable: int = 0
    bozo: str | None = None
    error: str | None = None
    last_problem: str | None = None

    def line(self) -> str:
        """One human-readable line: 'name: ok, 3 new, 2 unchanged, 1 errors (ill-formed: ...)'."""
        if self.status == "error":
            text = f"{self.name}: error: {self.error}"
        else:
            counts = f"{self.new} new, {self.unchanged} unchanged, {self.errors} errors"
            if self.unusable:
                counts += f", {self.unusable} entries without a usable link"
            text = f"{self.name}: {self.status}, {counts}"
            if self.last_problem and self.errors:
                text += f" (last: {self.last_problem})"
        if self.bozo:
            text += f"; ill-formed feed: {self.bozo}"
        return text

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for ``sitrep poll --json``."""
        return asdict(self)


def pass_failed(summaries: Sequence[FeedSummary]) -> bool:
    """True only when feeds were attempted and not one of them could be polled."""
    attempted = [s for s in summaries if s.status not in NOT_ATTEMPTED]
    return bool(attempted) and not any(s.status in POLLED for s in attempted)
