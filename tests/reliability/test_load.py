"""Load: the search API under 50 concurrent clients for 60 s, and a 20,000-article backlog in one cycle.

Both heavy (SITREP_RELIABILITY_FULL=1). The API runs as `sitrep serve` (uvicorn) on loopback
over the search suite's fixture articles; the backlog runs as `sitrep process`, its peak memory
sampled over the whole process group (Beam workers included).
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.integration.search.conftest import SearchIndex, search_index
from tests.reliability.conftest import Figure
from tests.reliability.harness import (
    duplicated,
    finish,
    indexed_count,
    process_env,
    sitrep_process,
    snapshot,
    uncommitted,
)

pytestmark = [pytest.mark.integration, pytest.mark.reliability_full]
CLIENTS = 50
SECONDS = float(os.environ.get("SITREP_RELIABILITY_LOAD_SECONDS", "60"))
BACKLOG = int(os.environ.get("SITREP_RELIABILITY_BACKLOG", "20000"))
QUERIES = [
    '"ceasefire collapse"',
    "airstrike",
    "siege OR shelling",
    "tag:siege",
    "cluster bombs",
    "country:SY",
    "",
    "aleppo -protest",
    "kharkiv",
    "drone*",
]
KEY = "load-key"
WORDS = [
    "shelling",
    "airstrike",
    "ceasefire",
    "convoy",
    "militia",
    "province",
    "village",
    "hospital",
    "drone",
    "artillery",
    "displaced",
    "talks",
    "ministry",
    "rebels",
    "offensive",
    "checkpoint",
    "border",
    "refugees",
    "casualties",
    "brigade",
    "market",
    "bridge",
    "district",
    "governor",
    "envoy",
    "truce",
    "column",
    "siege",
    "mortar",
    "clinic",
    "school",
]


def free_port() -> int:
    """A loopback port nobody listens on yet."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def api_url(search_index: SearchIndex, es_settings):
    """`sitrep serve` over the fixture index, on a free loopback port."""
    port = free_port()
    env = dict(
        os.environ,
        SITREP_API_API_KEYS=KEY,
        SITREP_ELASTICSEARCH_URL=es_settings.url,
        SITREP_ELASTICSEARCH_ARTICLES_ALIAS=search_index.alias,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # an unread pipe would fill with access logs and stall the server
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def client_loop(url: str, stop_at: float, latencies: list[float], errors: list[str], seed: int) -> None:
    """One client: queries back to back until the deadline, each timed."""
    rng = random.Random(seed)
    with requests.Session() as session:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                response = session.get(
                    f"{url}/search", params={"q": rng.choice(QUERIES)}, headers={"X-API-Key": KEY}, timeout=30
                )
                if response.status_code != 200:
                    errors.append(f"HTTP {response.status_code}: {response.text[:200]}")
            except requests.RequestException as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            latencies.append(time.perf_counter() - started)


def test_search_api_with_fifty_concurrent_clients_answers_every_request(api_url, record):
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=client_loop, args=(api_url, stop_at, latencies, errors, n))
        for n in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(SECONDS + 60)
    cuts = statistics.quantiles(latencies, n=100)
    record(
        Figure(
            "load-search",
            f"Search API, {CLIENTS} concurrent clients for {SECONDS:g} s",
            len(latencies),
            full=True,
            notes=f"{len(errors)} errors",
            extra={
                "requests": len(latencies),
                "requests/s": round(len(latencies) / SECONDS, 1),
                "p50 ms": round(cuts[49] * 1000, 1),
                "p95 ms": round(cuts[94] * 1000, 1),
                "p99 ms": round(cuts[98] * 1000, 1),
                "max ms": round(max(latencies) * 1000, 1),
            },
        )
    )
    assert errors == [], errors[:5]


def synthetic_article(number: int, rng: random.Random) -> dict:
    """A distinct raw article: its own ~250 random words on a minimal page."""
    from process_fixtures import raw_article

    paragraphs = "".join("<p>" + " ".join(rng.choice(WORDS) for _ in range(50)) + ".</p>" for _ in range(5))
    html = (
        f"<html><head><title>Backlog report {number}</title></head><body><article>"
        f"<h1>Backlog report {number}</h1>{paragraphs}</article></body></html>"
    )
    return raw_article(f"https://backlog.example/{number}", html=html, title=f"Backlog report {number}")


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group, in MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total / 1024 / 1024


def test_backlog_of_twenty_thousand_articles_in_one_cycle_within_memory(stage, record):
    rng = random.Random(20_000)
    raws = [synthetic_article(n, rng) for n in range(BACKLOG)]
    stage.produce(raws)
    started = time.monotonic()
    process = sitrep_process(
        process_env(
            stage.kafka, stage.es, SITREP_PIPELINE_BULK_DOCS="500", SITREP_PIPELINE_BULK_BYTES="8000000"
        )
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, group_rss_mb(process.pid))
        time.sleep(0.5)
    code, output = finish(process)
    seconds = time.monotonic() - started
    docs = snapshot(stage.client, stage.es.articles_alias)
    record(
        Figure(
            "backlog",
            f"Backlog of {BACKLOG:,} raw articles in one cycle",
            1,
            fed=BACKLOG,
            found=len(docs),
            lost=BACKLOG - len(docs),
            duplicated=duplicated(docs),
            full=True,
            notes=f"exit {code}; one cycle, 2 DirectRunner workers",
            extra={
                "seconds": round(seconds),
                "articles/s": round(BACKLOG / seconds, 1),
                "peak RSS of the process group MB": round(peak),
            },
        )
    )
    assert code == 0, output
    assert len(docs) == BACKLOG == indexed_count(stage.client, stage.es.articles_alias)
    assert uncommitted(stage.kafka) == 0 and duplicated(docs) == 0


__all__ = ["search_index"]
