"""`sitrep serve`: the analysts' HTTP API and web page, read-only, behind API keys."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sitrep.config import Config


def register(subparsers: Any) -> None:
    """Add the `serve` subcommand to the sitrep CLI."""
    parser = subparsers.add_parser(
        "serve", help="serve the search API and web page",
        description="HTTP API (GET /search, /facets, /articles/{id}, /stories/{id}, /healthz, /metrics) "
                    "and the search page at /. Keys come from api.api_keys / SITREP_API_API_KEYS.")
    parser.add_argument("--host", help="listen address (default: api.host, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="listen port (default: api.port, 8080)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    """Run uvicorn until interrupted; refuses to start without API keys."""
    if not config.api.keys():
        print("sitrep serve: no API keys configured; set api.api_keys in the config file or "
              "SITREP_API_API_KEYS=key1,key2 in the environment", file=sys.stderr)
        return 2
    import uvicorn  # imported here so other commands do not pay for it

    from sitrep.api.alerts_routes import alerts_router
    from sitrep.api.app import create_app
    from sitrep.api.events_routes import events_router
    from sitrep.metrics import registry_for

    app = create_app(config.elasticsearch, config.api, registry=registry_for(config.state_dir),
                     extra_routers=[alerts_router(config.elasticsearch), events_router(config.elasticsearch)])
    uvicorn.run(app, host=args.host or config.api.host, port=args.port or config.api.port,
                log_config=None, access_log=True)
    return 0
