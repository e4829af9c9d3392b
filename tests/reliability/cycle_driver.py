"""A processing cycle that stops between its writes and its offset commit, to be killed there.

``python -m tests.reliability.cycle_driver MARKER`` runs `pipelines.cycle.run_cycle` exactly as
`sitrep process` does (configuration from SITREP_* env), except that once every document is
written and refreshed it creates MARKER and sleeps: the test SIGKILLs it in that window, the
one a real crash hits only by chance.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipelines.cycle import run_cycle
from sitrep.config import load_config

BEAM_ARGS = ["--direct_running_mode=multi_processing", "--direct_num_workers=2"]


def main(marker: str) -> int:
    """Run one cycle, pausing after the writes; 0 if it (unexpectedly) lives to commit."""
    config = load_config()

    def pause_before_commit() -> None:
        Path(marker).write_text("written, not committed\n")
        time.sleep(600)

    report = run_cycle(
        config.kafka, config.elasticsearch, config.pipeline, BEAM_ARGS, after_write=pause_before_commit
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
