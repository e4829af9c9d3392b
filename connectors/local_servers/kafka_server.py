"""A single-node Apache Kafka 4.x (broker and KRaft controller in one JVM) on loopback."""

from __future__ import annotations

import base64
import os
import subprocess
import uuid
from pathlib import Path

from connectors.kafka_probe import PROBE_CLIENT_TIMEOUTS, listening_broker
from connectors.local_servers.cluster import ClusterMember
from connectors.local_servers.processes import read_pid, start_background, tail, wait_until
from connectors.local_servers.tooling import ServiceError, cached, find_java, maven_fetch
from connectors.settings import LocalServerSettings

LOG4J2 = """\
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
"""


class KafkaServer:
    """Fetch, format, start and probe the local Kafka; its files live under the state dir."""

    name = "kafka"

    def __init__(
        self, settings: LocalServerSettings, state_dir: Path, member: ClusterMember | None = None
    ) -> None:
        self.settings = settings
        self.member = member
        if member is not None:
            self.name = f"kafka-{member.node_id}"
        state_dir = state_dir.resolve()
        self.home = settings.cache_dir / f"kafka-{settings.kafka_version}"
        self.dir = state_dir / "kafka"
        self.pid_file = state_dir / "run" / "kafka.pid"
        self.log_file = state_dir / "logs" / "kafka.log"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.settings.kafka_port}"

    def fetch(self) -> None:
        """Copy kafka_2.13 and its runtime dependencies from Maven Central into the cache."""
        cached(
            self.home / ".complete",
            lambda: maven_fetch(
                "kafka/pom.xml",
                "copy-dependencies",
                self.home / "lib",
                {"kafka.version": self.settings.kafka_version, "includeScope": "runtime"},
            ),
        )

    def pid(self) -> int | None:
        return read_pid(self.pid_file)

    def start(self) -> None:
        """Format KRaft storage on first use, then start the broker in the background."""
        java = find_java(self.settings.java_home)
        properties = self._write_config()
        if not (self.dir / "data" / "meta.properties").exists():
            self.format_storage(java, properties, self.cluster_id())
        command = [
            str(java), f"-Xms{self.settings.kafka_heap}", f"-Xmx{self.settings.kafka_heap}",
            "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={self.dir / 'log4j2.properties'}",
            "-cp", f"{self.home / 'lib'}/*", "kafka.Kafka", str(properties),
        ]
        start_background(command, self.log_file, self.pid_file, dict(os.environ), self.dir)

    def wait_ready(self) -> None:
        """Block until the broker answers a metadata request, or fail with its log."""
        wait_until(self.ready, lambda: self.pid() is not None, self.settings.start_timeout,
                   f"Kafka on {self.address}", self.log_file)

    def ready(self) -> bool:
        """Whether a metadata request to the broker succeeds right now."""
        from kafka import KafkaAdminClient
        from kafka.errors import KafkaError

        if listening_broker([self.address]) is None:
            return False
        try:
            admin = KafkaAdminClient(bootstrap_servers=self.address, **PROBE_CLIENT_TIMEOUTS)
        except (KafkaError, ValueError, OSError):
            return False
        try:
            admin.describe_cluster()
            return True
        except (KafkaError, OSError):
            return False
        finally:
            admin.close()

    def _write_config(self) -> Path:
        s = self.settings
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "log4j2.properties").write_text(
            LOG4J2.format(log=self.dir / "server.log"))
        lines = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{s.kafka_controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{s.kafka_port},CONTROLLER://127.0.0.1:{s.kafka_controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{s.kafka_port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(self.dir / "data"),
            "num.partitions": "1",
            "auto.create.topics.enable": "false",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "3",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "message.max.bytes": "16777216",
            "log.retention.check.interval.ms": "300000",
            **(self.member.kafka_properties() if self.member else {}),
        }
        properties = self.dir / "server.properties"
        properties.write_text("".join(f"{key}={value}\n" for key, value in lines.items()))
        return properties

    def cluster_id(self) -> str:
        """The KRaft cluster id: the cluster's own for a member, else a new random one."""
        if self.member:
            return self.member.kafka_cluster_id
        return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")

    def format_storage(self, java: Path, properties: Path, cluster_id: str) -> None:
        """Format the KRaft storage once, before the first start, with ``cluster_id``."""
        result = subprocess.run(
            [str(java), "-cp", f"{self.home / 'lib'}/*",
             f"-Dlog4j2.configurationFile={self.dir / 'log4j2.properties'}",
             # "=" form: a base64 id may start with "-", which would read as the next option
             "kafka.tools.StorageTool", "format", f"--cluster-id={cluster_id}", "-c", str(properties)],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise ServiceError(
                f"formatting Kafka's KRaft storage in {self.dir / 'data'} failed:\n"
                f"{(result.stdout + result.stderr).strip()[-2000:]}\n{tail(self.log_file, 10)}"
            )
