"""Which Elasticsearch servers sitrep supports, and what a local node of each needs.

sitrep speaks to 8.x and 9.x servers with the elasticsearch-py 8.x client: every request carries
``compatible-with=8``, which 8.x servers take natively and 9.x servers through REST API
compatibility. A 9.x client sends ``compatible-with=9``, which 8.x servers refuse with a 400
(measured against 8.19.9), so the client stays on 8.x while 8.x servers are supported.
"""

from __future__ import annotations

import re

from elasticsearch import Elasticsearch

# The oldest and newest minor lines the suite has run against (tests/integration/compat).
OLDEST_SUPPORTED = (8, 14)
NEWEST_SUPPORTED = (9, 2)
SUPPORTED_RANGE = "8.14-9.2"


def parse_version(version: str) -> tuple[int, int]:
    """(major, minor) of a server version such as ``9.2.4`` or ``8.19.9-SNAPSHOT``."""
    match = re.match(r"(\d+)\.(\d+)", version)
    if not match:
        raise ValueError(f"not an Elasticsearch version: {version!r}")
    return int(match.group(1)), int(match.group(2))


def is_supported(version: str) -> bool:
    """Whether sitrep is tested against this server's minor line."""
    return OLDEST_SUPPORTED <= parse_version(version) <= NEWEST_SUPPORTED


def minimum_java(version: str) -> int:
    """The oldest Java a node of ``version`` runs on: 17 for 8.x, 21 from 9.0 on."""
    return 21 if parse_version(version)[0] >= 9 else 17


def server_version(client: Elasticsearch) -> str:
    """The version of the node the client reaches (via `_nodes/_local`, which every build serves)."""
    nodes = client.nodes.info(node_id="_local", filter_path="nodes.*.version")["nodes"]
    return next(iter(nodes.values()))["version"]
