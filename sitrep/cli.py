"""The `sitrep` command: global options, then one subcommand per job.

Each subcommand lives in `sitrep/commands/<name>.py` with `register(subparsers)` and
`run(args, config) -> int`; this module only parses, configures logging and dispatches.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from sitrep.config import ConfigError, load_config
from sitrep.logs import configure_logging

# Until the CLI configures logging, keep import-time chatter (Beam's optional GCP extras)
# off the terminal instead of letting logging's last-resort handler print it.
logging.getLogger().addHandler(logging.NullHandler())

COMMAND_MODULES = (
    "services", "init", "run", "poll", "process", "tag", "search", "serve", "rules", "alerts", "doctor",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every available subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="sitrep", description="News ingestion, tagging and alerting for armed-conflict watchers."
    )
    parser.add_argument("--config", help="YAML config file (default: $SITREP_CONFIG or ./sitrep.yaml)")
    parser.add_argument("--log-format", choices=("text", "json"), default="text",
                        help="log line format on stderr (default: text)")
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"sitrep.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"sitrep.commands.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.log_format, args.log_level)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        if getattr(args, "loads_own_config", False):
            return int(args.func(args, None) or 0)
        print(f"sitrep: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.func(args, config) or 0)
    except KeyboardInterrupt:
        logging.getLogger("sitrep").warning("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
