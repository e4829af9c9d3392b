"""E-mail over SMTP with a plain-text and an HTML part, for teams that live in their inbox."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from connectors.notifiers.base import Notification, Notifier, NotifierError


class EmailNotifier(Notifier):
    """Sends through the configured SMTP server (alerts.smtp_*)."""

    kind = "email"

    @property
    def label(self) -> str:
        return f"email:{self.address}"

    def message(self, notification: Notification) -> EmailMessage:
        """The MIME message: text first, HTML as the preferred alternative."""
        recipients = self.target["email"]
        message = EmailMessage()
        message["Subject"] = notification.title
        message["From"] = self.settings.smtp_from
        message["To"] = ", ".join(recipients) if isinstance(recipients, list) else recipients
        message.set_content(notification.text)
        message.add_alternative(notification.html, subtype="html")
        return message

    def send(self, notification: Notification) -> None:
        """Connect, optionally STARTTLS and log in, send."""
        s = self.settings
        try:
            if s.smtp_ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout,
                                                      context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
            with smtp:
                if s.smtp_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_username:
                    smtp.login(s.smtp_username, s.smtp_password or "")
                smtp.send_message(self.message(notification))
        except (OSError, smtplib.SMTPException) as exc:
            server = f"{s.smtp_host}:{s.smtp_port}"
            raise NotifierError(f"{self.label} via {server}: {type(exc).__name__}: {exc}") from exc
