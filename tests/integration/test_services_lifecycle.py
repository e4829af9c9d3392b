"""`sitrep services up|status|down` on a second pair of servers, ports and state of its own."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration


def _sitrep(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], capture_output=True,
                          text=True, env=env, check=False, timeout=400)


def _processes_in_groups(groups: set[int]) -> list[str]:
    """Live processes whose process group is one the servers were started in."""
    ps = subprocess.run(["ps", "-eo", "pgid=,stat=,args="], capture_output=True, text=True, check=True)
    return [line for line in ps.stdout.splitlines()
            if int(line.split()[0]) in groups and not line.split()[1].startswith("Z")]


@pytest.fixture
def second_instance_env(tmp_path, servers, monkeypatch) -> dict[str, str]:
    """Environment for servers on other ports, sharing only the download cache."""
    import os

    env = dict(os.environ)
    env.update(
        SITREP_STATE_DIR=str(tmp_path / "state"),
        SITREP_SERVICES_CACHE_DIR=str(servers.services.cache_dir),
        SITREP_SERVICES_KAFKA_PORT="19092",
        SITREP_SERVICES_KAFKA_CONTROLLER_PORT="19093",
        SITREP_SERVICES_ELASTICSEARCH_PORT="19200",
        SITREP_SERVICES_ELASTICSEARCH_TRANSPORT_PORT="19300",
        SITREP_SERVICES_KAFKA_HEAP="384m",
        SITREP_SERVICES_ELASTICSEARCH_HEAP="512m",
    )
    yield env
    _sitrep("services", "down", env=env)


def test_up_twice_status_then_down_leaves_no_java_behind(second_instance_env, tmp_path):
    env = second_instance_env
    first = _sitrep("services", "up", env=env)
    assert first.returncode == 0, first.stderr
    again = _sitrep("services", "up", env=env)
    assert again.returncode == 0, again.stderr
    status = _sitrep("services", "status", env=env)
    assert status.returncode == 0
    assert "127.0.0.1:19092" in status.stdout and "127.0.0.1:19200" in status.stdout
    assert status.stdout.count(" up ") == 2
    pids = {line.split("pid ")[1].rstrip(")") for line in status.stdout.splitlines()}
    assert pids == {line.split("pid ")[1].rstrip(")") for line in again.stdout.splitlines()}

    down = _sitrep("services", "down", env=env)
    assert down.returncode == 0
    assert "kafka" in down.stdout and "elasticsearch" in down.stdout
    assert _processes_in_groups({int(pid) for pid in pids}) == []
    after = _sitrep("services", "status", env=env)
    assert after.returncode == 1
    assert after.stdout.count(" down ") == 2


def test_status_of_servers_never_started_says_down(tmp_path):
    import os

    env = dict(os.environ, SITREP_STATE_DIR=str(tmp_path), SITREP_SERVICES_KAFKA_PORT="19492",
               SITREP_SERVICES_ELASTICSEARCH_PORT="19492")
    result = _sitrep("services", "status", env=env)
    assert result.returncode == 1
    assert result.stdout.count(" down ") == 2
