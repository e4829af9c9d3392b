"""A single-node Elasticsearch (8.x, or 9.x on Java 21+) on loopback, from Elastic's Maven Central zip.

Elasticsearch refuses to run as root. When sitrep runs as root (CI, containers), the node is
started as the unprivileged `nobody` user with setpriv, from a runtime directory that user can
read; otherwise it runs as the caller from the state directory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

import requests

from connectors.elasticsearch_versions import minimum_java
from connectors.local_servers.cluster import ClusterMember
from connectors.local_servers.hunspell import install_dictionaries
from connectors.local_servers.processes import read_pid, start_background, wait_until
from connectors.local_servers.tooling import cached, find_java, maven_fetch
from connectors.settings import LocalServerSettings

UNPRIVILEGED_UID = 65534  # nobody


class ElasticsearchServer:
    """Fetch, configure, start and probe the local Elasticsearch node."""

    name = "elasticsearch"

    def __init__(
        self, settings: LocalServerSettings, state_dir: Path, member: ClusterMember | None = None
    ) -> None:
        self.settings = settings
        self.member = member
        if member is not None:
            self.name = f"elasticsearch-{member.node_id}"
        state_dir = state_dir.resolve()
        self.dist = settings.cache_dir / f"elasticsearch-{settings.elasticsearch_version}"
        self.home = self.dist / f"elasticsearch-{settings.elasticsearch_version}"
        self.pid_file = state_dir / "run" / "elasticsearch.pid"
        self.log_file = state_dir / "logs" / "elasticsearch.log"
        self.runtime = _runtime_dir(state_dir)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.elasticsearch_port}"

    def fetch(self) -> None:
        """Unpack the Elasticsearch distribution from Maven Central into the cache."""
        cached(
            self.dist / ".complete",
            lambda: maven_fetch(
                "elasticsearch/pom.xml",
                "unpack-dependencies",
                self.dist,
                {"elasticsearch.version": self.settings.elasticsearch_version,
                 "includeTypes": "zip"},
            ),
        )

    def pid(self) -> int | None:
        return read_pid(self.pid_file)

    def start(self) -> None:
        """Write the node's config and start it in the background."""
        version = self.settings.elasticsearch_version
        java = find_java(self.settings.java_home, minimum_java(version), f"Elasticsearch {version}")
        home = self._readable_home()
        config = self._write_config(home)
        env = dict(os.environ)
        env.update(
            ES_PATH_CONF=str(config),
            ES_JAVA_HOME=str(java.parent.parent),
            ES_JAVA_OPTS=f"-Xms{self.settings.elasticsearch_heap} "
                         f"-Xmx{self.settings.elasticsearch_heap}",
        )
        env.pop("JAVA_TOOL_OPTIONS", None)
        command = [str(home / "bin" / "elasticsearch")]
        if os.geteuid() == 0:
            command = ["setpriv", f"--reuid={UNPRIVILEGED_UID}", f"--regid={UNPRIVILEGED_UID}",
                       "--clear-groups", "--", *command]
        start_background(command, self.log_file, self.pid_file, env, self.runtime)

    def wait_ready(self) -> None:
        """Block until cluster health is yellow or green, or fail with the node's log."""
        wait_until(self.ready, lambda: self.pid() is not None, self.settings.start_timeout,
                   f"Elasticsearch on {self.url}", self.log_file)

    def ready(self) -> bool:
        """Whether the node reports yellow or green health right now."""
        try:
            response = requests.get(f"{self.url}/_cluster/health", timeout=3)
            return response.ok and response.json().get("status") in {"yellow", "green"}
        except (requests.RequestException, ValueError):
            return False

    def running_version(self) -> str | None:
        """The version of whatever node answers on the port now, which may not be the configured one."""
        try:
            response = requests.get(f"{self.url}/_nodes/_local?filter_path=nodes.*.version", timeout=3)
            return next(iter(response.json()["nodes"].values()))["version"] if response.ok else None
        except (requests.RequestException, ValueError, KeyError, StopIteration):
            return None

    def _readable_home(self) -> Path:
        """The install directory the node's user can read: the cache, or a hard-linked copy."""
        if os.geteuid() != 0 or _traversable_by_others(self.home):
            return self.home
        copy = self.runtime / f"home-{self.settings.elasticsearch_version}"  # one per version
        if not (copy / ".complete").exists():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(self.home, copy, copy_function=_link_or_copy)
            (copy / ".complete").write_text("complete\n")
        return copy

    def _write_config(self, home: Path) -> Path:
        s = self.settings
        config, data, logs = (self.runtime / name for name in ("config", "data", "logs"))
        for directory in (config, data, logs):
            directory.mkdir(parents=True, exist_ok=True)
        for name in ("log4j2.properties", "jvm.options"):
            shutil.copy(home / "config" / name, config / name)
        jvm_options = (config / "jvm.options").read_text()
        jvm_options = (jvm_options.replace("file=logs/gc.log", f"file={logs}/gc.log")
                       .replace("-XX:HeapDumpPath=data", f"-XX:HeapDumpPath={data}")
                       .replace("-XX:ErrorFile=logs/", f"-XX:ErrorFile={logs}/"))
        (config / "jvm.options").write_text(jvm_options)
        node = {
            "cluster.name": "sitrep-local",
            "node.name": "sitrep-local-1",
            "path.data": str(data),
            "path.logs": str(logs),
            "network.host": "127.0.0.1",
            "http.port": str(s.elasticsearch_port),
            "transport.port": str(s.elasticsearch_transport_port),
            "discovery.type": "single-node",
            "xpack.security.enabled": "false",
            "action.destructive_requires_name": "false",
            "cluster.routing.allocation.disk.threshold_enabled": "false",
        }
        if self.member is not None:
            del node["discovery.type"]
            node.update(self.member.elasticsearch_settings())
        (config / "elasticsearch.yml").write_text("".join(f"{key}: {value}\n" for key, value in node.items()))
        if os.geteuid() == 0:
            for path in (self.runtime, config, data, logs):
                os.chown(path, UNPRIVILEGED_UID, UNPRIVILEGED_UID)
            for path in [*config.iterdir()]:
                os.chown(path, UNPRIVILEGED_UID, UNPRIVILEGED_UID)
        install_dictionaries(config, owner=UNPRIVILEGED_UID if os.geteuid() == 0 else None)
        return config


def _runtime_dir(state_dir: Path) -> Path:
    """Where the node's data and config live: the state dir unless `nobody` cannot reach it."""
    preferred = state_dir / "elasticsearch"
    if os.geteuid() != 0 or _traversable_by_others(state_dir):
        return preferred
    digest = hashlib.sha1(str(state_dir).encode(), usedforsecurity=False).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"sitrep-elasticsearch-{digest}"


def _traversable_by_others(path: Path) -> bool:
    """Whether every existing ancestor of ``path`` lets other users through (o+x)."""
    for part in [path, *path.parents]:
        if part.exists() and not part.stat().st_mode & stat.S_IXOTH:
            return False
    return True


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)

