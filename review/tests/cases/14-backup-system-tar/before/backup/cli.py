"""Command line entry point: ``python -m backup.cli [--config FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backup.archive import create_archive, prune
from backup.config import ConfigError, load_config


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backup", description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("backup.json"))
    parser.add_argument("--dry-run", action="store_true", help="only print what would be archived")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"backup: {exc}", file=sys.stderr)
        return 2
    status = 0
    for source in config.sources:
        if args.dry_run:
            print(f"would archive {source} into {config.dest}")
            continue
        try:
            target = create_archive(source, config.dest)
        except OSError as exc:
            print(f"backup: {source}: {exc}", file=sys.stderr)
            status = 1
            continue
        removed = prune(config.dest, source.name, config.keep)
        print(f"{target} (pruned {len(removed)})")
    return status


if __name__ == "__main__":
    sys.exit(main())
