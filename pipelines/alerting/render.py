"""Turning stored alerts into notifications: markdown for chat, HTML for e-mail, JSON for hooks.

Each article shows its title, source, published time, the matched phrase highlighted, tags,
fatalities and link; an event alert shows the event (place, date, type, toll and its history,
reports, outlets, languages) above links to its reports. A rule may override title and body
with `template:` using ${field} placeholders (string.Template: no code runs, unknown fields stay as written).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from string import Template
from typing import Any

from connectors.notifiers import Notification
from pipelines.alerting.queries import HIGHLIGHT_POST, HIGHLIGHT_PRE

PAYLOAD_FIELDS = ("rule", "rule_type", "key", "story_id", "message", "count", "matched", "fired_at",
                  "article_ids", "articles", "event")


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
        **event_fields(alert.get("event")),
    }


def event_fields(event: dict[str, Any] | None) -> dict[str, str]:
    """Template placeholders of an event alert; the event's toll replaces the first article's."""
    if not event:
        return {}
    place = event.get("location") or {}
    return {
        "event_id": event.get("id") or "", "event_type": event.get("event_type") or "",
        "event_date": event.get("event_date") or "", "place": place.get("name") or "",
        "country": place.get("country") or "", "fired": event.get("fired") or "",
        "fatalities": "" if event.get("fatalities") is None else str(event["fatalities"]),
        "reports": str(event.get("report_count") or 0), "outlets": str(len(event.get("outlets") or [])),
        "languages": ", ".join(event.get("languages") or []),
    }


def event_lines(event: dict[str, Any]) -> list[str]:
    """The event in plain lines: place and date, type, toll (with history), how well reported."""
    place = event.get("location") or {}
    where = ", ".join(p for p in (place.get("name"), place.get("country")) if p) or "unknown"
    kind = " / ".join(k for k in (event.get("event_type"), event.get("sub_event_type")) if k)
    precision = place.get("precision") or "unknown"
    lines = [f"Place: {where} ({precision} precision) · Date: {event.get('event_date')}",
             f"Type: {kind} · Tags: {', '.join(event.get('tags') or [])}"]
    toll = event.get("fatalities")
    if toll is not None:
        spread = f"{event.get('fatalities_min')}-{event.get('fatalities_max')}"
        basis = (event.get("fatalities_basis") or "").replace("_", " ")
        lines.append(f"Toll: {toll} ({basis}; reported {spread})")
    history = event.get("fatalities_history") or []
    if history:
        steps = [f"{h.get('published')}: {h.get('toll')} ({h.get('source') or 'unknown'})" for h in history]
        lines.append("Toll history: " + " → ".join(steps))
    languages = ", ".join(event.get("languages") or [])
    lines.append(f"Reports: {event.get('report_count')} from {len(event.get('outlets') or [])} outlets "
                 f"({', '.join(event.get('outlets') or [])}) in {len(event.get('languages') or [])} "
                 f"languages ({languages})")
    return lines


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
    by_title = alert.get("rule_type") == "any" and not alert.get("event")
    subject = first.get("title") if by_title else alert.get("message")
    return f"[sitrep] {alert.get('rule', '')}: {subject or alert.get('message', '')}"


def _body(alert: dict[str, Any]) -> tuple[str, str]:
    """Markdown and HTML for one alert: its message (count rules) and its articles."""
    markdown = [] if alert.get("rule_type") == "any" else [alert.get("message", "")]
    markup = [] if alert.get("rule_type") == "any" else [f"<p>{html.escape(alert.get('message', ''))}</p>"]
    if alert.get("event"):
        lines = event_lines(alert["event"])
        markdown.append("\n".join(lines))
        markup.append("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>")
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
