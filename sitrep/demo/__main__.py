"""`python -m sitrep.demo` (what `make run` runs): one full cycle over the bundled seed feeds.

It plays ten news outlets in six languages on loopback from `seeds/demo/`, stands up a webhook
and an SMTP server that print the alerts they receive, runs `sitrep run` once, shows the top
results for "ceasefire collapse", the alerts that fired, one tag found in every language and the
alerts that articles not in English fired, and leaves the search page running.
`python -m sitrep.demo --stop` stops the page and the servers.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from functools import partial
from pathlib import Path

import requests

from connectors.alerts_store import list_alerts
from connectors.elasticsearch_client import make_client
from connectors.local_servers import services_down
from connectors.local_servers.processes import read_pid, start_background, stop_background
from sitrep import cli
from sitrep.config import load_config
from sitrep.demo.languages import (
    CROSS_LANGUAGE_TAG,
    indexed_language,
    non_english_alerts,
    tag_across_languages,
)
from sitrep.demo.receivers import MailSink, WebhookReceiver
from sitrep.demo.site import DemoSite

ROOT = Path(__file__).resolve().parents[2]
DEMO_KEY = "demo-key"
API_PORT = 8080


def _demo_environment(webhook_url: str, smtp_port: int) -> None:
    """Point sitrep at the demo feeds, the seed rules and the local receivers."""
    os.environ.update({
        "SITREP_FEEDS_FILE": str(ROOT / "seeds" / "demo" / "feeds.yaml"),
        "SITREP_RULES_DIR": str(ROOT / "seeds" / "rules"),
        "SITREP_FETCH_PER_HOST_DELAY": "0.05",
        "SITREP_ALERT_WEBHOOK_URL": webhook_url,
        "SITREP_ALERTS_WEBHOOK_SECRET": os.environ.get("SITREP_ALERTS_WEBHOOK_SECRET", "demo-secret"),
        "SITREP_ALERTS_SMTP_HOST": "127.0.0.1",
        "SITREP_ALERTS_SMTP_PORT": str(smtp_port),
        "SITREP_API_API_KEYS": os.environ.get("SITREP_API_API_KEYS", DEMO_KEY),
    })


def _heading(text: str) -> None:
    print(f"\n== {text}", flush=True)


def _start_search_page() -> str:
    """Start `sitrep serve` in the background (once) and wait until it answers."""
    config = load_config()
    pid_file = config.state_dir / "run" / "api.pid"
    url = f"http://127.0.0.1:{API_PORT}"
    if read_pid(pid_file) is None:
        command = [sys.executable, "-m", "sitrep.cli", "serve", "--port", str(API_PORT)]
        start_background(command, config.state_dir / "logs" / "api.log", pid_file, dict(os.environ), ROOT)
    for _ in range(60):
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.5)
    return url


def _show_languages() -> None:
    """One tag across the six languages, and the alerts fired by articles not in English."""
    es = load_config().elasticsearch
    client = make_client(es)
    try:
        _heading(f"tag:{CROSS_LANGUAGE_TAG} in every language (the tagger's tag, no translation)")
        print("\n".join(tag_across_languages(client, es.articles_alias, CROSS_LANGUAGE_TAG)))
        _heading("alerts fired by articles not in English")
        alerts = list_alerts(client, es, limit=200)
        lookup = partial(indexed_language, client, es.articles_alias)
        print("\n".join(non_english_alerts(alerts, lookup)) or "  (none)")
    finally:
        client.close()


def demo() -> int:
    """The demo cycle; returns the run's exit code."""
    with DemoSite(ROOT / "seeds" / "demo") as site, WebhookReceiver() as webhook, MailSink() as mail:
        _demo_environment(webhook.url, mail.port)
        _heading(f"one cycle over the seed feeds served at {site.url} (poll, process, alerts)")
        code = cli.main(["run"])
    _heading('top results for "ceasefire collapse"')
    cli.main(["search", '"ceasefire collapse"', "--limit", "5"])
    _heading("alerts fired")
    cli.main(["alerts", "list", "--since", "1d"])
    _heading("events: one record per real-world incident, however many outlets and languages")
    cli.main(["events", "list", "--limit", "20"])
    _show_languages()
    url = _start_search_page()
    _heading("what next")
    print(f"search page: {url}/  (API key: {os.environ['SITREP_API_API_KEYS'].split(',')[0]})")
    print("search from the shell: .venv/bin/sitrep search 'cluster bombs' --facets")
    print(f"one tag, every language: .venv/bin/sitrep search tag:{CROSS_LANGUAGE_TAG} --facets")
    print("stop everything: make stop   (or: .venv/bin/python -m sitrep.demo --stop)")
    return code


def stop() -> int:
    """Stop the search page and the local Kafka and Elasticsearch."""
    config = load_config()
    stop_background(config.state_dir / "run" / "api.pid")
    stopped = services_down(config.services, config.state_dir)
    print("stopped: search page" + "".join(f", {name}" for name in stopped))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m sitrep.demo", description=__doc__)
    parser.add_argument("--stop", action="store_true", help="stop the search page and the servers")
    return stop() if parser.parse_args().stop else demo()


if __name__ == "__main__":
    sys.exit(main())
