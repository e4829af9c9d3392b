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
    "services", "init", "run", "poll", "process", "tag", "search", "serve", "rules", "alerts", "events",
    "doctor",
)


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="YAML config file (default: $SITREP_CONFIG or ./sitrep.yaml)")
    parser.add_argument("--log-format", choices=("text", "json"), default="text",
                        help="log line format on stderr (default: text)")
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING or ERROR")


def requested_commands(argv: list[str]) -> tuple[str, ...]:
    """The command modules to load: only the one asked for, else all (for help and errors).

    Each command module pulls in its own heavy dependencies (Beam, FastAPI, the tagger), so
    `sitrep search` should not pay for importing Beam, nor `sitrep process` for the web app.
    """
    pre = argparse.ArgumentParser(add_help=False)
    _global_options(pre)
    pre.add_argument("command", nargs="?")
    known, _rest = pre.parse_known_args(argv)
    return (known.command,) if known.command in COMMAND_MODULES else COMMAND_MODULES


def build_parser(commands: tuple[str, ...] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The argument parser with the given subcommands registered (all by default)."""
    parser = argparse.ArgumentParser(
        prog="sitrep", description="News ingestion, tagging and alerting for armed-conflict watchers."
    )
    _global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in commands:
        importlib.import_module(f"sitrep.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(requested_commands(argv)).parse_args(argv)
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
