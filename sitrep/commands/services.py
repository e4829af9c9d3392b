"""`sitrep services up|down|status`: the real Kafka and Elasticsearch on this machine."""

from __future__ import annotations

import argparse
import sys

from connectors.local_servers import services_down, services_status, services_up
from connectors.local_servers.cluster import cluster_addresses
from connectors.local_servers.tooling import ServiceError
from sitrep.config import Config


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `services` with its three actions."""
    parser = subparsers.add_parser(
        "services", help="start, stop or check the local Kafka and Elasticsearch",
        description="Fetch (once, with Maven from Maven Central), start, stop or check a "
                    "single-node Kafka and Elasticsearch on loopback, or with --nodes 3 a "
                    "three-node cluster of each on ports of its own.",
    )
    parser.add_argument("action", choices=("up", "down", "status"))
    parser.add_argument(
        "--nodes", type=int, default=1, metavar="N",
        help="a local cluster of N Kafka nodes (broker + controller) and N Elasticsearch nodes on "
             "the services.cluster_* ports, instead of the single-node pair (default 1)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    """Carry out the action; exit 1 with the reason when a server cannot start."""
    if args.action == "down":
        stopped = services_down(config.services, config.state_dir, args.nodes)
        print("stopped: " + (", ".join(stopped) if stopped else "nothing was running"))
        return 0
    try:
        if args.action == "up":
            print("starting Kafka and Elasticsearch (the first run fetches them from Maven Central)...",
                  file=sys.stderr)
            statuses = services_up(config.services, config.state_dir, args.nodes)
        else:
            statuses = services_status(config.services, config.state_dir, args.nodes)
    except ServiceError as exc:
        print(f"sitrep services {args.action}: {exc}", file=sys.stderr)
        return 1
    for status in statuses:
        print(status.describe())
    if args.nodes > 1:
        kafka, es = cluster_addresses(config.services, args.nodes)
        print(f"point sitrep at the cluster: SITREP_KAFKA_BOOTSTRAP={kafka} SITREP_ES_URL={es}")
    return 0 if all(status.ready for status in statuses) else 1
