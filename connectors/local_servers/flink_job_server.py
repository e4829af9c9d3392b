"""Beam's Flink job server with an embedded Flink (`--flink-master=[local]`) on loopback.

The Python pipeline runs on Flink through Beam's portable API: the job server turns the
pipeline into a Flink job and runs it on a Flink mini-cluster inside its own JVM, and with
`--environment_type=LOOPBACK` the Python DoFns run in the submitting process. Beam's shaded
job-server jar is not on Maven Central, so the runner and its dependencies are fetched into
the cache with deploy/local/flink-job-server/pom.xml and run from `-cp lib/*` (the jar's main
class is the same FlinkJobServerDriver). On a real cluster, point `--flink-master` at the
JobManager instead of `[local]` (see `flink_master`).
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from connectors.local_servers.processes import read_pid, start_background, stop_background, wait_until
from connectors.local_servers.tooling import cached, find_java, maven_fetch
from connectors.settings import LocalServerSettings

DRIVER = "org.apache.beam.runners.flink.FlinkJobServerDriver"


class FlinkJobServer:
    """Fetch, start, probe and stop the job server; jars in the cache, pid and log in state_dir."""

    name = "flink-job-server"

    def __init__(
        self, settings: LocalServerSettings, state_dir: Path, flink_master: str = "[local]"
    ) -> None:
        self.settings = settings
        self.flink_master = flink_master
        state_dir = state_dir.resolve()
        self.home = (
            settings.cache_dir
            / f"beam-flink-job-server-{settings.beam_java_version}-flink{settings.flink_version}"
        )
        self.dir = state_dir / "flink-job-server"
        self.pid_file = state_dir / "run" / "flink-job-server.pid"
        self.log_file = state_dir / "logs" / "flink-job-server.log"

    @property
    def endpoint(self) -> str:
        """The JobService address the Python SDK submits to (`--job_endpoint`)."""
        return f"localhost:{self.settings.flink_job_port}"

    def fetch(self) -> None:
        """Copy beam-runners-flink-<flink> and its runtime dependencies from Maven Central."""
        cached(
            self.home / ".complete",
            lambda: maven_fetch(
                "flink-job-server/pom.xml",
                "copy-dependencies",
                self.home / "lib",
                {
                    "beam.version": self.settings.beam_java_version,
                    "flink.version": self.settings.flink_version,
                    "includeScope": "runtime",
                },
            ),
        )

    def pid(self) -> int | None:
        return read_pid(self.pid_file)

    def start(self) -> None:
        """Start the job server in the background; artifact and expansion ports are ephemeral.

        Only the job port is fixed: the SDK learns the artifact endpoint from the job service,
        and sitrep uses no cross-language transforms, so the expansion service is idle.
        """
        java = find_java(self.settings.java_home)
        self.dir.mkdir(parents=True, exist_ok=True)
        heap = self.settings.flink_job_server_heap
        command = [
            str(java), "-Xms256m", f"-Xmx{heap}", "-Djava.awt.headless=true",
            f"-Djava.io.tmpdir={self.dir}",
            # The runner logs every job's metrics as pages of JSON at INFO; keep the log readable.
            "-Dorg.slf4j.simpleLogger.log.org.apache.beam.runners.flink.FlinkPipelineRunner=warn",
            "-cp", f"{self.home / 'lib'}/*", DRIVER,
            f"--flink-master={self.flink_master}",
            "--job-host=localhost",
            f"--job-port={self.settings.flink_job_port}",
            "--artifact-port=0",
            "--expansion-port=0",
        ]
        start_background(command, self.log_file, self.pid_file, dict(os.environ), self.dir)

    def wait_ready(self) -> None:
        """Block until the job port accepts connections, or fail with the server's log."""
        wait_until(self.ready, lambda: self.pid() is not None, self.settings.start_timeout,
                   f"Flink job server on {self.endpoint}", self.log_file)

    def ready(self) -> bool:
        """Whether the job port accepts a TCP connection right now."""
        try:
            with socket.create_connection(("127.0.0.1", self.settings.flink_job_port), timeout=2):
                return True
        except OSError:
            return False

    def stop(self) -> bool:
        """Stop the job server (and its embedded Flink); returns whether it was running."""
        return stop_background(self.pid_file)

    def beam_args(self, parallelism: int = 2) -> list[str]:
        """Flags that make `run_cycle` submit to this job server instead of the DirectRunner.

        The SDK harness log level is spelled WARN (not Python's WARNING, the cycle's default)
        because the Java job server parses the pipeline options and rejects WARNING.
        """
        return [
            "--runner=FlinkRunner",
            f"--flink_master={self.flink_master}",
            f"--job_endpoint={self.endpoint}",
            "--environment_type=LOOPBACK",
            f"--parallelism={parallelism}",
            "--default_sdk_harness_log_level=WARN",
            f"--sdk_harness_log_level_overrides={json.dumps({'kafka': 'ERROR'})}",
        ]
