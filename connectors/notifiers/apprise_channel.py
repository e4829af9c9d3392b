"""Apprise: one URL reaches Slack, Telegram, Teams, Discord, e-mail, json:// webhooks and more."""

from __future__ import annotations

import logging

import apprise

from connectors.notifiers.base import Notification, Notifier, NotifierError, expand_env


class AppriseNotifier(Notifier):
    """Sends through apprise; apprise's own warnings become the failure reason."""

    kind = "apprise"

    def send(self, notification: Notification) -> None:
        """Notify the apprise URL with a markdown body."""
        client = apprise.Apprise()
        if not client.add(expand_env(self.address)):
            raise NotifierError(f"{self.label}: apprise does not understand this URL")
        with apprise.LogCapture(level=logging.WARNING) as captured:
            ok = client.notify(title=notification.title, body=notification.text,
                               body_format=apprise.NotifyFormat.MARKDOWN)
            reason = captured.getvalue().strip().splitlines()
        if not ok:
            raise NotifierError(f"{self.label}: {reason[-1] if reason else 'delivery failed'}")
