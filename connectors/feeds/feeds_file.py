"""The feeds file: which feeds to poll, how often, and under which address policy.

Validated against ``schemas/feeds-file.json`` before anything is polled; every error names the
file, the feed (by name, or by position when it has none) and the field, with the YAML line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from connectors.feeds.urls import BadURL, web_url
from schemas import load_json
from schemas.durations import parse_duration


class FeedsFileError(ValueError):
    """The feeds file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class FeedSpec:
    """One feed as configured."""

    url: str
    name: str
    labels: dict[str, str] = field(default_factory=dict)
    min_interval: float = 0.0
    enabled: bool = True
    local: bool = False


def load_feeds(path: str | Path) -> list[FeedSpec]:
    """Read and validate a feeds file; raise `FeedsFileError` naming file, feed and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FeedsFileError(f"{path}: cannot read the feeds file: {exc.strerror}") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FeedsFileError(f"{path}: not valid YAML: {exc}") from exc
    _validate(path, data, node)
    defaults = data.get("defaults") or {}
    feeds = [_spec(entry, defaults) for entry in data["feeds"]]
    _check_unique_names(path, feeds)
    _check_web_urls(path, feeds, node)
    return feeds


def _check_web_urls(path: Path, feeds: list[FeedSpec], node: yaml.Node | None) -> None:
    """Fail fast on a feed URL no fetch could use (garbage host, broken IPv6, bad port)."""
    for index, feed in enumerate(feeds):
        if feed.url.startswith("file://"):
            continue
        try:
            web_url(feed.url)
        except BadURL as exc:
            line = _line_of(node, ["feeds", index, "url"])
            where = f"{path}, line {line}" if line else str(path)
            raise FeedsFileError(f"{where}, feed {feed.name!r}, field 'url': {exc}") from exc


def _validate(path: Path, data: Any, node: yaml.Node | None) -> None:
    validator = jsonschema.Draft202012Validator(load_json("feeds-file.json"))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        return
    lines = [_describe(path, data, node, error) for error in errors]
    raise FeedsFileError("invalid feeds file:\n  " + "\n  ".join(lines))


def _describe(path: Path, data: Any, node: yaml.Node | None, error: jsonschema.ValidationError) -> str:
    """'file, line N, feed 'x', field 'y': reason' for one schema error."""
    where = list(error.absolute_path)
    parts = [str(path)]
    line = _line_of(node, where)
    if line:
        parts.append(f"line {line}")
    if len(where) >= 2 and where[0] == "feeds" and isinstance(where[1], int):
        feed = data["feeds"][where[1]]
        name = feed.get("name") if isinstance(feed, dict) else None
        parts.append(f"feed {name!r}" if name else f"feed #{where[1] + 1}")
        field_path = where[2:]
    else:
        field_path = where
    if field_path:
        parts.append("field " + repr(".".join(map(str, field_path))))
    return f"{', '.join(parts)}: {_reason(error)}"


def _reason(error: jsonschema.ValidationError) -> str:
    if error.validator == "oneOf" and error.schema.get("description"):
        return f"{error.instance!r} is not valid; expected {error.schema['description']}"
    return error.message


def _line_of(node: yaml.Node | None, where: list[Any]) -> int | None:
    """The 1-based line of the YAML node at ``where`` (or its nearest existing parent)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in where:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _spec(entry: dict[str, Any], defaults: dict[str, Any]) -> FeedSpec:
    merged = {**defaults, **entry}
    labels = {**defaults.get("labels", {}), **entry.get("labels", {})}
    return FeedSpec(
        url=merged["url"],
        name=merged.get("name") or merged["url"],
        labels=labels,
        min_interval=parse_duration(merged.get("min_interval", 0)).total_seconds(),
        enabled=merged.get("enabled", True),
        local=merged.get("local", False),
    )


def _check_unique_names(path: Path, feeds: list[FeedSpec]) -> None:
    seen: set[str] = set()
    for feed in feeds:
        if feed.name in seen:
            raise FeedsFileError(f"{path}: feed {feed.name!r}, field 'name': used by two feeds")
        seen.add(feed.name)
        if feed.url.startswith("file://") and not feed.local:
            raise FeedsFileError(
                f"{path}: feed {feed.name!r}, field 'url': file:// feeds must be marked local: true"
            )
