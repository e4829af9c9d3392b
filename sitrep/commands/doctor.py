"""`sitrep doctor`: check config, servers, topics, indices, feeds and rules; advise on fixes."""

from __future__ import annotations

import argparse
import json
import sys

from sitrep.config import Config, ConfigError, load_config
from sitrep.doctor import Check, diagnose


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `doctor`."""
    parser = subparsers.add_parser("doctor", help="check everything a cycle needs and advise")
    parser.add_argument("--json", action="store_true", help="print the checks as JSON")
    parser.set_defaults(func=run, loads_own_config=True)


def run(args: argparse.Namespace, config: Config | None) -> int:
    """0 when every check passed, 1 otherwise; a broken config is itself a finding."""
    try:
        config = config or load_config(args.config)
    except ConfigError as exc:
        checks = [Check("config", False, str(exc),
                        "fix the key named above (see deploy/sitrep.example.yaml for every key)")]
    else:
        checks = [Check("config", True, f"loaded from {config.source}"), *diagnose(config)]
    if args.json:
        print(json.dumps([check.__dict__ for check in checks], indent=2))
    else:
        for check in checks:
            mark = "ok  " if check.ok else "FAIL"
            print(f"{mark} {check.name}: {check.detail}")
            if not check.ok and check.advice:
                print(f"     -> {check.advice}")
    failed = sum(1 for check in checks if not check.ok)
    print(f"{len(checks) - failed}/{len(checks)} checks passed", file=sys.stderr)
    return 1 if failed else 0
