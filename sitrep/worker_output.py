"""Where Beam's worker processes write: a log file at the default level, the terminal in debug.

The multi-process DirectRunner starts its SDK workers with our stderr inherited, and each
worker logs its bootstrap there in Python's bare default format before Beam's own logging
takes over ("apitools not found", "Logging handler created", "No semi_persistent_directory
found", "Discarding unparseable args" ...): thirty lines of noise between the lines an
operator needs. So while a pipeline runs, the process's stderr descriptor (the one children
inherit) points at `<state_dir>/logs/beam-workers.log`, and sitrep's own logging and
`sys.stderr` keep writing to the terminal through a duplicate of the original descriptor.
With `--log-level debug` nothing is redirected. What workers log through Beam (a DoFn's
warnings) still reaches sitrep's log, relayed by the runner. A window small enough to run
in sitrep's own process (`pipeline.in_process_below`) starts no SDK workers, and Beam logs
through sitrep's logging (its loggers at WARNING); the extraction child it starts keeps
the log file as its stderr for as long as the process reuses it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BEAM_WORKER_LOG = Path("logs") / "beam-workers.log"
"""Where, under the state directory, the workers' own output goes."""


@contextmanager
def worker_output_to(log_file: Path) -> Iterator[None]:
    """Children started inside the block write their stderr to ``log_file`` (unless debugging)."""
    if logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
        yield
        return
    log_file.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    original, terminal = sys.stderr, os.fdopen(os.dup(2), "w", buffering=1, errors="backslashreplace")
    handlers = [h for h in logging.getLogger().handlers
                if isinstance(h, logging.StreamHandler) and h.stream is original]
    with open(log_file, "ab") as sink:
        os.dup2(sink.fileno(), 2)
    sys.stderr = terminal
    for handler in handlers:
        handler.setStream(terminal)
    try:
        yield
    finally:
        terminal.flush()
        os.dup2(terminal.fileno(), 2)
        for handler in handlers:
            handler.setStream(original)
        sys.stderr = original
        terminal.close()
