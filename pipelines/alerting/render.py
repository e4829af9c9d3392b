"""Turning stored alerts into notifications: markdown for chat, HTML for e-mail, JSON for hooks.

Each article shows its title, source, published time, the matched phrase highlighted, tags,
fatalities and link. A rule may override title and body with `template:` using ${field}
placeholders (string.Template: no code runs, unknown fields stay as written).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from string import Template
from typing import Any

from connectors.notifiers import Notification
from pipelines.alerting.queries import HIGHLIGHT_POST, HIGHLIGHT_PRE

PAYLOAD_FIELDS = ("rule", "rule_type", "key", "story_id", "message", "count", "matched", "fired_at",
                  "article_ids", "articles")


def _highlight(fragment: str | None, pre: str, post: str, escaped: bool) -> str:
    """An Elasticsearch fragment (HTML-escaped, <mark>ed) in the target format."""
    if not fragment:
        return ""
    text = fragment if escaped else html.unescape(fragment)
    return text.replace(HIGHLIGHT_PRE, pre).replace(HIGHLIGHT_POST, post)


def template_fields(alert: dict[str, Any]) -> dict[str, str]:
    """The ${...} placeholders a rule template may use, from an alert and its first article."""
    first = (alert.get("articles") or [{}])[0]
    return {
        "rule": alert.get("rule", ""), "message": alert.get("message", ""),
        "count": str(alert.get("count", "")),
        "key": alert.get("key", ""), "story_id": alert.get("story_id") or "",
        "title": first.get("title", ""), "source": first.get("source", ""),
        "language": first.get("language") or "",
        "published": first.get("published") or "", "link": first.get("url", ""),
        "matched": ", ".join(alert.get("matched") or []),
        "highlight": _highlight(first.get("highlight"), "**", "**", escaped=False),
        "tags": ", ".join(first.get("tags") or []),
        "fatalities": "" if first.get("fatalities") is None else str(first["fatalities"]),
        "articles": str(len(alert.get("articles") or [])),
    }


def article_markdown(article: dict[str, Any]) -> str:
    """One article as markdown lines."""
    lines = [f"**{article.get('title', '')}**",
             f"Source: {article.get('source', '')} · Published: {article.get('published') or 'unknown'}"
             + _language_note(article)]
    if article.get("highlight"):
        lines.append("Matched: …" + _highlight(article["highlight"], "**", "**", escaped=False) + "…")
    if article.get("tags"):
        lines.append("Tags: " + ", ".join(article["tags"]))
    if article.get("fatalities") is not None:
        lines.append(f"Fatalities: {article['fatalities']}")
    lines.append(f"Link: {article.get('url', '')}")
    return "\n".join(lines)


def _language_note(article: dict[str, Any]) -> str:
    """" · Language: ar": the article's language as detected, so a reader knows what to expect."""
    language = article.get("language")
    return f" · Language: {language}" if language else ""


def article_html(article: dict[str, Any]) -> str:
    """One article as an HTML block; only the highlight's own <mark> tags survive escaping."""
    esc = html.escape
    url = esc(article.get("url", ""), quote=True)
    lang = esc(article.get("language") or "", quote=True)
    parts = [f"<h3 dir=\"auto\" lang=\"{lang}\"><a href=\"{url}\">{esc(article.get('title', ''))}</a></h3>",
             f"<p>{esc(article.get('source', ''))} · {esc(article.get('published') or 'unknown')}"
             f"{esc(_language_note(article))}</p>"]
    if article.get("highlight"):
        parts.append("<blockquote>…" + _highlight(article["highlight"], "<mark>", "</mark>", escaped=True)
                     + "…</blockquote>")
    if article.get("tags"):
        parts.append(f"<p>Tags: {esc(', '.join(article['tags']))}</p>")
    if article.get("fatalities") is not None:
        parts.append(f"<p>Fatalities: {int(article['fatalities'])}</p>")
    return "\n".join(parts)


def alert_title(alert: dict[str, Any]) -> str:
    """`[sitrep] rule: first title`, or the message for count-based rules."""
    first = (alert.get("articles") or [{}])[0]
    subject = first.get("title") if alert.get("rule_type") == "any" else alert.get("message")
    return f"[sitrep] {alert.get('rule', '')}: {subject or alert.get('message', '')}"


def _body(alert: dict[str, Any]) -> tuple[str, str]:
    """Markdown and HTML for one alert: its message (count rules) and its articles."""
    markdown = [] if alert.get("rule_type") == "any" else [alert.get("message", "")]
    markup = [] if alert.get("rule_type") == "any" else [f"<p>{html.escape(alert.get('message', ''))}</p>"]
    for article in alert.get("articles") or []:
        markdown.append(article_markdown(article))
        markup.append(article_html(article))
    return "\n\n".join(markdown), "\n".join(markup)


def render(alerts: Sequence[dict[str, Any]], template: dict[str, str] | None = None) -> Notification:
    """One notification for one alert, or a digest for several alerts of the same rule."""
    if len(alerts) == 1:
        title = alert_title(alerts[0])
    else:
        title = f"[sitrep] {alerts[0].get('rule', '')}: {len(alerts)} alerts"
    bodies = [_body(alert) for alert in alerts]
    text = "\n\n---\n\n".join(b[0] for b in bodies)
    markup = "\n<hr>\n".join(b[1] for b in bodies)
    if template:
        fields = template_fields(alerts[0])
        title = Template(template["title"]).safe_substitute(fields) if "title" in template else title
        if "body" in template:
            text = "\n\n".join(Template(template["body"]).safe_substitute(template_fields(a)) for a in alerts)
            markup = "<pre>" + html.escape(text) + "</pre>"
    payload = {"alerts": [{"id": a.get("id"), **{k: a.get(k) for k in PAYLOAD_FIELDS}} for a in alerts]}
    return Notification(title=title, text=text, html=f"<html><body>{markup}</body></html>", payload=payload)
