"""Notification channels behind one interface (`Notifier`); importing this registers them all."""

from connectors.notifiers.apprise_channel import AppriseNotifier
from connectors.notifiers.base import Notification, Notifier, NotifierError, notifier_for, target_id
from connectors.notifiers.email import EmailNotifier
from connectors.notifiers.webhook import SIGNATURE_HEADER, WebhookNotifier, sign

__all__ = [
    "SIGNATURE_HEADER",
    "AppriseNotifier",
    "EmailNotifier",
    "Notification",
    "Notifier",
    "NotifierError",
    "WebhookNotifier",
    "notifier_for",
    "sign",
    "target_id",
]
