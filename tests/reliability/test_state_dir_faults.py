"""The state directory read-only or full: `sitrep poll` says so clearly and corrupts nothing.

The feed readers' memory (feeds.sqlite3: seen article ids, validators) must survive the
failure intact, and the next poll, once the disk is healthy again, must carry on from it.
Read-only is a read-only bind mount when running as root (chmod does not stop root), else
chmod; "full" is a small tmpfs filled to the last byte, which needs root (else skipped).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from connectors.kafka_topics import ensure_topics
from sitrep.demo.site import DemoSite
from tests.reliability.conftest import Figure

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "seeds" / "demo"
ROOTED = os.geteuid() == 0


@pytest.fixture
def poll_env(isolated_settings, tmp_path) -> Iterator[dict[str, str]]:
    """`sitrep poll` environment: the demo feeds on loopback, this test's topic and state dir."""
    kafka, _es = isolated_settings
    ensure_topics(kafka)
    with DemoSite(DEMO, port=0) as site:
        feeds = (DEMO / "feeds.yaml").read_text().replace("http://127.0.0.1:8765", site.url)
        (tmp_path / "feeds.yaml").write_text(feeds)
        yield dict(
            os.environ,
            SITREP_KAFKA_RAW_TOPIC=kafka.raw_topic,
            SITREP_STATE_DIR=str(tmp_path / "state"),
            SITREP_FEEDS_FILE=str(tmp_path / "feeds.yaml"),
            SITREP_FETCH_PER_HOST_DELAY="0",
        )


def poll(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One `sitrep poll` pass in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "sitrep.cli", "poll"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def state_rows(state: Path) -> tuple[str, int, int]:
    """SQLite's integrity verdict and the row counts of the state database."""
    with sqlite3.connect(f"file:{state / 'feeds.sqlite3'}?mode=ro", uri=True) as db:
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        seen = db.execute("SELECT COUNT(*) FROM seen").fetchone()[0]
        feeds = db.execute("SELECT COUNT(*) FROM feeds").fetchone()[0]
    return verdict, seen, feeds


@contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """``directory`` cannot be written for the duration, root included."""
    if ROOTED:
        subprocess.run(["mount", "--bind", str(directory), str(directory)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(directory)], check=True)
            yield
        finally:
            subprocess.run(["umount", str(directory)], check=True)
    else:
        mode = directory.stat().st_mode
        files = [(f, f.stat().st_mode) for f in directory.iterdir()]
        for path, _ in files:
            path.chmod(0o444)
        directory.chmod(0o555)
        try:
            yield
        finally:
            directory.chmod(mode)
            for path, file_mode in files:
                path.chmod(file_mode)


@contextmanager
def full_disk(directory: Path) -> Iterator[None]:
    """``directory`` on a tmpfs of its own with every free byte taken by a filler file."""
    copy = directory.with_name(directory.name + "-before")
    subprocess.run(["cp", "-a", str(directory), str(copy)], check=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(directory)], check=True)
    try:
        subprocess.run(["cp", "-a", f"{copy}/.", str(directory)], check=True)
        filler = os.open(directory / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(filler)
        yield
    finally:
        (directory / "filler").unlink(missing_ok=True)
        subprocess.run(["cp", "-a", f"{directory}/.", str(copy)], check=True)
        subprocess.run(["umount", str(directory)], check=True)
        subprocess.run(["cp", "-a", f"{copy}/.", str(directory)], check=True)


def first_pass_then_fault(env: dict[str, str], fault) -> tuple[subprocess.CompletedProcess[str], Path, tuple]:
    """Poll once healthily, forget the validators, then poll again under ``fault``."""
    state = Path(env["SITREP_STATE_DIR"])
    assert poll(env).returncode == 0
    before = state_rows(state)
    with sqlite3.connect(state / "feeds.sqlite3") as db:  # due again, and fetched without 304
        db.execute("DELETE FROM seen WHERE rowid % 2 = 0")
        db.execute("UPDATE feeds SET etag = NULL, last_modified = NULL, next_due = NULL")
    with fault(state):
        failed = poll(env)
    return failed, state, before


def clear_error(result: subprocess.CompletedProcess[str], words: tuple[str, ...]) -> bool:
    """A non-zero exit with a one-line reason naming the cause, not a traceback."""
    return (
        result.returncode != 0 and "Traceback" not in result.stderr and any(w in result.stderr for w in words)
    )


FAULTS = {
    "read_only": (read_only, ("read-only", "Read-only", "not writable")),
    "full": (full_disk, ("No space", "disk is full", "full")),
}


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_state_fault_leaves_the_state_database_intact_and_the_next_poll_carries_on(kind, poll_env, record):
    if kind == "full" and not ROOTED:
        pytest.skip("a full disk is simulated with a tmpfs mount, which needs root")
    fault, words = FAULTS[kind]
    failed, state, before = first_pass_then_fault(poll_env, fault)
    during = state_rows(state)
    assert during[0] == "ok" and during[1] <= before[1]
    again = poll(poll_env)
    after = state_rows(state)
    assert again.returncode == 0, again.stderr[-2000:]
    assert after == ("ok", before[1], before[2])
    record(
        Figure(
            f"state-{kind}",
            f"State directory {kind.replace('_', '-')}",
            1,
            notes=f"poll exit {failed.returncode}; clear error: {clear_error(failed, words)}; "
            f"integrity {during[0]}; next poll restored {after[1]}/{before[1]} seen ids",
        )
    )


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_state_fault_makes_poll_exit_with_a_clear_error(kind, poll_env):
    if kind == "full" and not ROOTED:
        pytest.skip("a full disk is simulated with a tmpfs mount, which needs root")
    fault, words = FAULTS[kind]
    failed, _state, _before = first_pass_then_fault(poll_env, fault)
    assert clear_error(failed, words), failed.stderr[-2000:]
