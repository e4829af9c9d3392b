"""One interface for every notification channel; adding a channel is adding a subclass.

A notifier is built from one rule `notify` target plus the AlertSettings, and either delivers
or raises `NotifierError` with a reason fit for the alert's attempt log. Retrying is the
caller's business, so every channel gets the same backoff and bookkeeping.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit

from connectors.settings import AlertSettings

ENV_REFERENCE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")


class NotifierError(RuntimeError):
    """A delivery that did not happen; the message says which channel and why."""


@dataclass(frozen=True)
class Notification:
    """A rendered message: a title, markdown text, HTML for e-mail, JSON for webhooks."""

    title: str
    text: str
    html: str
    payload: dict[str, Any] = field(default_factory=dict)


class Notifier:
    """A channel. Subclasses set `kind` (the target's key) and implement `send`."""

    kind: ClassVar[str]
    registry: ClassVar[dict[str, type[Notifier]]] = {}

    def __init_subclass__(cls) -> None:
        Notifier.registry[cls.kind] = cls

    def __init__(self, target: dict[str, Any], settings: AlertSettings) -> None:
        self.target = target
        self.settings = settings

    @property
    def address(self) -> str:
        """The target's address as written in the rule (env references unexpanded)."""
        value = self.target[self.kind]
        return ",".join(value) if isinstance(value, list) else str(value)

    @property
    def label(self) -> str:
        """A name for logs and attempt records that carries no secret: kind and host only."""
        parts = urlsplit(self.address)
        where = parts.hostname or parts.scheme or self.address.split("@")[-1]
        return f"{self.kind}:{parts.scheme + '://' if parts.scheme else ''}{where}"

    def send(self, notification: Notification) -> None:
        """Deliver or raise NotifierError."""
        raise NotImplementedError


def target_id(target: dict[str, Any]) -> str:
    """A stable id for a target, so a retry re-sends only to the targets that failed."""
    return hashlib.sha256(json.dumps(target, sort_keys=True).encode()).hexdigest()[:12]


def expand_env(text: str) -> str:
    """Replace ${VAR} with its value at send time, so secrets live in the environment only."""
    def value(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in os.environ:
            raise NotifierError(f"environment variable {name} is not set (referenced by a notify target)")
        return os.environ[name]

    return ENV_REFERENCE.sub(value, text)


def notifier_for(target: dict[str, Any], settings: AlertSettings) -> Notifier:
    """The notifier for a rule target such as {webhook: URL} or {email: [addresses]}."""
    for kind, cls in Notifier.registry.items():
        if kind in target:
            return cls(target, settings)
    raise NotifierError(f"no notifier for target keys {sorted(target)}; known: {sorted(Notifier.registry)}")
