"""One request at a time per host, spaced by the politeness delay."""

import threading
import time

import pytest

from connectors.feeds.politeness import HostGate

pytestmark = pytest.mark.unit


def test_second_request_to_a_host_waits_out_the_delay():
    clock = [100.0]
    slept = []
    gate = HostGate(2.0, clock=lambda: clock[0], sleep=slept.append)
    with gate.slot("a.example"):
        pass
    clock[0] += 0.5
    with gate.slot("a.example"):
        pass
    assert slept == [1.5]


def test_other_hosts_do_not_wait():
    slept = []
    gate = HostGate(2.0, clock=lambda: 0.0, sleep=slept.append)
    with gate.slot("a.example"):
        pass
    with gate.slot("b.example"):
        pass
    assert slept == []


def test_a_host_never_serves_two_requests_at_once():
    gate = HostGate(0.0)
    active, peak = [0], [0]
    lock = threading.Lock()

    def request():
        with gate.slot("a.example"):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.01)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 1
