"""Whole-process measurements: wall time, CPU time and peak RSS of a command's process tree.

The DirectRunner spawns SDK worker processes, and each of those an extraction child, so a
figure taken from the parent alone would miss most of the work. Peak RSS is the largest sum
of resident memory over the whole tree seen at any sample (every 0.2 s); the largest single
process is reported beside it.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psutil

MIB = 1024 * 1024


@dataclass
class Measured:
    """One whole-process run: wall seconds, CPU seconds of the tree, peak RSS, its JSON output."""

    wall: float
    cpu: float
    peak_tree_rss_mib: float
    peak_process_rss_mib: float
    returncode: int
    output: dict[str, Any] = field(default_factory=dict)
    stdout_tail: str = ""
    stderr_tail: str = ""


def _tree(root: psutil.Process) -> list[psutil.Process]:
    try:
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _last_json(stdout: str) -> dict[str, Any]:
    """The last JSON object the output ends with, one line or indented (the benchmark's figures)."""
    starts = [0] + [i + 1 for i, ch in enumerate(stdout) if ch == "\n"]
    for begin in reversed(starts):
        if stdout[begin : begin + 1] != "{":
            continue
        try:
            value = json.loads(stdout[begin:])
        except json.JSONDecodeError:
            continue
        return value if isinstance(value, dict) else {}
    return {}


def run_measured(
    argv: Sequence[str], env: Mapping[str, str] | None = None, timeout: float = 3600
) -> Measured:
    """Run ``argv`` to completion, sampling its process tree; CPU counts every process seen."""
    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv), env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    root = psutil.Process(proc.pid)
    cpu: dict[int, float] = {}
    peak_tree = peak_one = 0
    out_chunks: list[str] = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True)
    err_chunks: list[str] = []
    err_reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    err_reader.start()
    while proc.poll() is None:
        tree_rss = 0
        for p in _tree(root):
            try:
                times, rss = p.cpu_times(), p.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            cpu[p.pid] = times.user + times.system
            tree_rss += rss
            peak_one = max(peak_one, rss)
        peak_tree = max(peak_tree, tree_rss)
        if time.perf_counter() - start > timeout:
            proc.kill()
        time.sleep(0.2)
    wall = time.perf_counter() - start
    reader.join(10)
    err_reader.join(10)
    return Measured(
        wall=wall,
        cpu=sum(cpu.values()),
        peak_tree_rss_mib=peak_tree / MIB,
        peak_process_rss_mib=peak_one / MIB,
        returncode=proc.returncode,
        output=_last_json("".join(out_chunks)),
        stdout_tail="".join(out_chunks)[-1500:],
        stderr_tail="".join(err_chunks)[-1500:],
    )
