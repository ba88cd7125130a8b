"""Command line: `python -m studio status` and `python -m studio fetch [--all]`."""

from __future__ import annotations

import argparse
import sys

from studio import inventory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio", description="Studio's data and weights.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="list what is present and what is missing")
    fetch = sub.add_parser("fetch", help="download everything a workshop needs, ahead of time")
    fetch.add_argument("--all", action="store_true", help="also optional weights (VGG-16)")
    args = parser.parse_args(argv)
    if args.command == "status":
        print(inventory.status_text())
        return 0
    failures = inventory.fetch(include_all=args.all)
    print()
    print(inventory.status_text())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
