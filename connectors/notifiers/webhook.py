"""A plain webhook: the alert as JSON, signed so the receiver can trust where it came from.

The signature is `X-Sitrep-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, the scheme
GitHub uses, so receivers can reuse their verification code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os

import requests

from connectors.notifiers.base import Notification, Notifier, NotifierError, expand_env

SIGNATURE_HEADER = "X-Sitrep-Signature"


def sign(body: bytes, secret: str) -> str:
    """The signature header value for a body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class WebhookNotifier(Notifier):
    """POSTs the notification payload; any non-2xx answer is a failure."""

    kind = "webhook"

    def secret(self) -> str | None:
        """The HMAC key: the target's own env var, else the configured webhook secret."""
        name = self.target.get("secret_env")
        if name:
            if name not in os.environ:
                raise NotifierError(f"{self.label}: secret_env {name} is not set")
            return os.environ[name]
        return self.settings.webhook_secret

    def send(self, notification: Notification) -> None:
        """POST the JSON payload with the signature header."""
        body = json.dumps({"title": notification.title, "text": notification.text, **notification.payload},
                          ensure_ascii=False, default=str).encode("utf-8")
        headers = {"Content-Type": "application/json", "User-Agent": "sitrep-alerts"}
        secret = self.secret()
        if secret:
            headers[SIGNATURE_HEADER] = sign(body, secret)
        try:
            response = requests.post(expand_env(self.address), data=body, headers=headers,
                                     timeout=self.settings.webhook_timeout)
        except requests.RequestException as exc:
            raise NotifierError(f"{self.label}: {type(exc).__name__}: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise NotifierError(f"{self.label}: HTTP {response.status_code} {response.text[:200]}")
