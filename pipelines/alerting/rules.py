"""Alert rules: YAML files an analyst writes, checked against `schemas/rules/rule.schema.json`.

Loading fails fast with a `RuleError` that names the file, the line, the rule and the field,
because a rule that silently does nothing is worse than a cycle that refuses to start.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from connectors.language_analysis import languages
from schemas import load_json, load_yaml
from schemas.durations import parse_duration

RULE_SCHEMA = "rules/rule.schema.json"
RULE_SUFFIXES = (".yaml", ".yml")
DEFAULT_ANY_REALERT = timedelta(days=7)


class RuleError(ValueError):
    """A rule file sitrep cannot use; the message says where and what to fix."""

    def __init__(self, file: str, rule: str | None, field_path: str | None, reason: str,
                 line: int | None = None) -> None:
        self.file, self.rule, self.field, self.reason, self.line = file, rule, field_path, reason, line
        where = file + (f", line {line}" if line else "")
        what = "".join(
            [f", rule {rule!r}" if rule else "", f", field {field_path!r}" if field_path else ""]
        )
        super().__init__(f"{where}{what}: {reason}")


@dataclass(frozen=True)
class Rule:
    """One validated rule; `spec` is the rule as written, the source of the stored query."""

    name: str
    file: str
    spec: dict[str, Any] = field(hash=False, compare=False)

    @property
    def type(self) -> str:
        """any, frequency, spike, flatline or event."""
        return str(self.spec.get("type", "any"))

    @property
    def enabled(self) -> bool:
        """Disabled rules stay in the files but leave the rules index."""
        return bool(self.spec.get("enabled", True))

    @property
    def timeframe(self) -> timedelta | None:
        """The counting window of frequency, spike and flatline rules."""
        return parse_duration(self.spec["timeframe"]) if "timeframe" in self.spec else None

    @property
    def realert(self) -> timedelta:
        """How long the same story (or key) stays quiet after firing."""
        if "realert" in self.spec:
            return parse_duration(self.spec["realert"])
        return self.timeframe or DEFAULT_ANY_REALERT

    @property
    def aggregate(self) -> timedelta | None:
        """The digest window, when alerts are batched into one message per window."""
        return parse_duration(self.spec["aggregate"]) if "aggregate" in self.spec else None

    @property
    def query_key(self) -> str | None:
        """The field counts are split by (country, source, ...), if any."""
        return self.spec.get("query_key")

    @property
    def notify(self) -> list[dict[str, Any]]:
        """The channels this rule's alerts go to."""
        return list(self.spec.get("notify", []))

    @property
    def digest(self) -> str:
        """A fingerprint of the rule's content, so sync can tell a changed rule from the same one."""
        canonical = json.dumps(self.spec, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def load_rules(rules_dir: str | Path, *, include_disabled: bool = False) -> list[Rule]:
    """Every rule in the directory's YAML files (sorted by file), validated; names must be unique."""
    root = Path(rules_dir)
    if not root.is_dir():
        raise RuleError(str(root), None, None, "rules directory does not exist")
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(p for p in root.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()):
        for rule in load_rule_file(path):
            if rule.name in seen:
                reason = f"duplicate rule name, also in {seen[rule.name]}"
                raise RuleError(str(path), rule.name, "name", reason)
            seen[rule.name] = str(path)
            rules.append(rule)
    return [r for r in rules if include_disabled or r.enabled]


def load_rule_file(path: Path) -> list[Rule]:
    """The rules of one file: a single rule, a list of rules, or a mapping with `rules:`."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(str(path), None, None, f"not valid YAML: {exc}",
                        mark.line + 1 if mark else None) from exc
    items, prefix = _rule_items(data, str(path))
    rules = []
    for index, spec in enumerate(items):
        location = [*prefix, index] if prefix is not None else []
        rules.append(_validated_rule(spec, str(path), node, location))
    return rules


def _rule_items(data: Any, file: str) -> tuple[list[Any], list[Any] | None]:
    """The rule mappings of a parsed file and the YAML path prefix of the list holding them."""
    if isinstance(data, list):
        return data, []
    if isinstance(data, dict) and set(data) == {"rules"} and isinstance(data["rules"], list):
        return data["rules"], ["rules"]
    if isinstance(data, dict):
        return [data], None
    raise RuleError(file, None, None, "a rule file holds a rule, a list of rules, or {rules: [...]}")


def _validated_rule(spec: Any, file: str, node: yaml.Node | None, location: list[Any]) -> Rule:
    """Schema check first, taxonomy ids second; the first problem becomes a RuleError."""
    name = spec.get("name") if isinstance(spec, dict) and isinstance(spec.get("name"), str) else None
    validator = Draft202012Validator(load_json(RULE_SCHEMA))
    errors = sorted(validator.iter_errors(spec), key=lambda e: (len(e.absolute_path), list(map(str, e.path))))
    if errors:
        error = errors[0]
        path = list(error.absolute_path)
        raise RuleError(file, name, _dotted(path) or None, _reason(error), _line(node, location + path))
    for path, reason in [*_taxonomy_problems(spec), *_language_problems(spec)]:
        raise RuleError(file, name, _dotted(path), reason, _line(node, location + path))
    for rule_field in ("timeframe", "realert", "aggregate"):
        if rule_field in spec and parse_duration(spec[rule_field]) < timedelta(seconds=1):
            raise RuleError(file, name, rule_field, "must be at least 1s")
    return Rule(name=spec["name"], file=file, spec=spec)


def _reason(error: ValidationError) -> str:
    """A schema error in words an analyst can act on."""
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"{error.message}; allowed keys: {allowed}"
    if error.validator == "oneOf" and error.schema.get("oneOf", [{}])[0].get("required"):
        return "a notify target needs exactly one of apprise, webhook or email"
    if error.validator == "not" and error.schema.get("description"):
        return f"not allowed here: {error.schema['description']}"
    if error.validator == "anyOf" and error.schema.get("description"):
        return f"{error.instance!r} is not valid: {error.schema['description']}"
    return error.message


def _taxonomy_problems(spec: dict[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """Tag and event-type ids that the tagger never produces: such a rule could never fire."""
    taxonomy = load_yaml("taxonomy/taxonomy.yaml")
    known = {"tags": set(taxonomy["tags"]), "event_types": set(taxonomy["event_types"])}
    for section in ("query", "filters"):
        for kind, ids in known.items():
            for index, value in enumerate(spec.get(section, {}).get(kind, [])):
                if value not in ids:
                    what = kind[:-1].replace("_", " ")
                    yield [section, kind, index], f"unknown {what} {value!r}; known: {', '.join(sorted(ids))}"


def _language_problems(spec: dict[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """Phrase languages the index has no analysed fields for: their phrases could never match."""
    phrases = spec.get("query", {}).get("phrases")
    if not isinstance(phrases, dict):
        return
    known = sorted(languages())
    for code in phrases:
        if code not in known:
            reason = f"unknown language {code!r}; phrases may be given in {', '.join(known)}"
            yield ["query", "phrases", code], reason


def _dotted(path: Sequence[Any]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


def _line(node: yaml.Node | None, path: Sequence[Any]) -> int | None:
    """The 1-based line of the value at `path` in the composed YAML, or its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == step), None)
            key = next((k for k, _ in node.value if k.value == step), None)
            line = key.start_mark.line + 1 if key is not None else line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            child = node.value[step]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
