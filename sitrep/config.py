"""One typed configuration object, built from a YAML file and overridden by the environment.

Every key of the file can be set by an environment variable named after its path:
``kafka.bootstrap_servers`` is ``SITREP_KAFKA_BOOTSTRAP_SERVERS``; a few short aliases that
ops teams expect (``SITREP_KAFKA_BOOTSTRAP``, ``SITREP_ES_URL``) are accepted too. Unknown keys
and values of the wrong type are errors naming the key, the file and the line.
"""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from connectors.settings import (
    AlertSettings,
    ElasticsearchSettings,
    FetchSettings,
    KafkaSettings,
    LocalServerSettings,
)
from pipelines.settings import PipelineSettings
from sitrep.api.settings import ApiSettings

DEFAULT_CONFIG_FILE = "sitrep.yaml"
ENV_PREFIX = "SITREP_"
ENV_ALIASES = {
    "SITREP_KAFKA_BOOTSTRAP": "kafka.bootstrap_servers",
    "SITREP_ES_URL": "elasticsearch.url",
    "SITREP_ES_USERNAME": "elasticsearch.username",
    "SITREP_ES_PASSWORD": "elasticsearch.password",
    "SITREP_ES_API_KEY": "elasticsearch.api_key",
}


class ConfigError(ValueError):
    """A configuration value sitrep cannot use; the message names the key and the source."""


@dataclass(frozen=True)
class Config:
    """Everything a sitrep command needs to know about its surroundings."""

    kafka: KafkaSettings = field(default_factory=KafkaSettings)
    elasticsearch: ElasticsearchSettings = field(default_factory=ElasticsearchSettings)
    services: LocalServerSettings = field(default_factory=LocalServerSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    pipeline: PipelineSettings = field(default_factory=PipelineSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)
    api: ApiSettings = field(default_factory=ApiSettings)
    feeds_file: Path = Path("seeds/feeds.yaml")
    rules_dir: Path = Path("seeds/rules")
    state_dir: Path = Path(".sitrep")
    source: str = "defaults"


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every key, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    return _LinedDict(mapping, lines)


class _LinedDict(dict):
    """A dict that also knows the line each of its keys stood on."""

    def __init__(self, mapping: Mapping[str, Any], lines: dict[str, int]) -> None:
        super().__init__(mapping)
        self.lines = lines


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_config(path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Build the configuration: defaults, then the YAML file, then environment overrides.

    The file is ``path``, else ``$SITREP_CONFIG``, else ``sitrep.yaml`` when it exists.
    """
    environ = os.environ if environ is None else environ
    explicit = path or environ.get("SITREP_CONFIG")
    file = Path(explicit) if explicit else Path(DEFAULT_CONFIG_FILE)
    raw: dict[str, Any] = {}
    if file.is_file():
        raw = _read_yaml(file)
    elif explicit:
        raise ConfigError(f"config file {file} does not exist (from --config or SITREP_CONFIG)")
    source = str(file) if file.is_file() else "defaults"
    values = _merge_environment(raw, environ)
    return _build(Config, values, source=source, prefix="")


def _read_yaml(file: Path) -> dict[str, Any]:
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{file}: the top level must be a mapping of keys to values")
    return data


def _merge_environment(raw: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Overlay SITREP_* variables on the file's values, keyed by dotted path."""
    overrides: dict[str, str] = {}
    for section, hint in typing.get_type_hints(Config).items():
        if section == "source":
            continue
        if dataclasses.is_dataclass(hint):
            for sub in dataclasses.fields(hint):
                name = f"{ENV_PREFIX}{section}_{sub.name}".upper()
                if name in environ:
                    overrides[f"{section}.{sub.name}"] = environ[name]
        elif (name := f"{ENV_PREFIX}{section}".upper()) in environ:
            overrides[section] = environ[name]
    for alias, dotted in ENV_ALIASES.items():
        if alias in environ:
            overrides[dotted] = environ[alias]
    merged: dict[str, Any] = {
        key: _LinedDict(value, getattr(value, "lines", {})) if isinstance(value, dict) else value
        for key, value in raw.items()
    }
    for dotted, value in overrides.items():
        head, _, tail = dotted.partition(".")
        if tail:
            section = merged.setdefault(head, {})
            if not isinstance(section, dict):
                raise ConfigError(f"config key {head!r} must be a mapping, found {section!r}")
            section[tail] = _EnvValue(value)
        else:
            merged[head] = _EnvValue(value)
    lines = getattr(raw, "lines", {})
    return _LinedDict(merged, lines)


class _EnvValue(str):
    """A value that came from the environment, so it is parsed from text rather than YAML."""


def _build(cls: type, values: Mapping[str, Any], source: str, prefix: str) -> Any:
    """Turn a mapping into the dataclass ``cls``, checking every key and type."""
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)} - {"source"}
    lines = getattr(values, "lines", {})
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        where = _where(source, prefix + str(key), lines.get(key))
        if key not in known:
            raise ConfigError(f"{where}: unknown key; known keys are {', '.join(sorted(known))}")
        hint = hints[key]
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}: must be a mapping of {hint.__name__} keys")
            kwargs[key] = _build(hint, value, source, prefix=f"{prefix}{key}.")
        else:
            kwargs[key] = _coerce(value, hint, where)
    if cls is Config:
        kwargs["source"] = source
    return cls(**kwargs)


def _where(source: str, key: str, line: int | None) -> str:
    return f"{source}, line {line}, key {key!r}" if line else f"{source}, key {key!r}"


def _coerce(value: Any, hint: Any, where: str) -> Any:
    """Check ``value`` against a field's type; text from the environment is parsed first."""
    args = typing.get_args(hint)
    optional = typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args
    target = next((a for a in args if a is not type(None)), hint) if optional else hint
    if value is None or (isinstance(value, _EnvValue) and optional and value == ""):
        if optional:
            return None
        raise ConfigError(f"{where}: a value is required")
    if isinstance(value, _EnvValue):
        value = _parse_env_text(value, target, where)
    if target is Path and isinstance(value, str):
        return Path(value).expanduser()
    if target is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, target) or (target is int and isinstance(value, bool)):
        raise ConfigError(
            f"{where}: expected {target.__name__}, found {type(value).__name__} {value!r}"
        )
    return value


def _parse_env_text(text: str, target: Any, where: str) -> Any:
    if target is str or target is Path:
        return str(text)
    if target is bool:
        lowered = text.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{where} (from the environment): expected true or false, found {text!r}")
    try:
        return target(text)
    except ValueError as exc:
        raise ConfigError(
            f"{where} (from the environment): expected {target.__name__}, found {text!r}"
        ) from exc
