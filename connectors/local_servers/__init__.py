"""Real Kafka and Elasticsearch on loopback, fetched from Maven Central and run in the background.

This is what `sitrep services` and the test suite use on machines without Docker.
"""

from connectors.local_servers.services import ServiceStatus, services_down, services_status, services_up

__all__ = ["ServiceStatus", "services_down", "services_status", "services_up"]
