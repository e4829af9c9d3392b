"""The broker probe answers from a TCP connect, before any Kafka client waits to bootstrap."""

import socket

import pytest

from connectors.kafka_probe import listening_broker

pytestmark = pytest.mark.unit


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nothing_listening_is_none():
    assert listening_broker([f"127.0.0.1:{_closed_port()}", "127.0.0.1:9"]) is None


def test_the_first_listening_address_is_named():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        address = f"127.0.0.1:{server.getsockname()[1]}"
        assert listening_broker([f"127.0.0.1:{_closed_port()}", address]) == address


@pytest.mark.parametrize("address", ["127.0.0.1:notaport", "127.0.0.1:70000"])
def test_a_malformed_address_counts_as_not_listening(address):
    assert listening_broker([address]) is None
