"""``weatherctl forecast CITY``"""

from __future__ import annotations

import argparse
import os
import sys

import requests

from weatherctl.client import ApiError, Client, make_session


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="weatherctl")
    parser.add_argument("--base-url", default=None, help="API root (default: the public API)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument(
        "--retries", type=int, default=3, help="retries for failed requests (0 disables)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    forecast = sub.add_parser("forecast", help="today's forecast for a city")
    forecast.add_argument("city")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    api_key = os.environ.get("SKYLINE_API_KEY")
    if not api_key:
        print("weatherctl: set SKYLINE_API_KEY", file=sys.stderr)
        return 2
    if args.retries < 0:
        print("weatherctl: --retries must be 0 or more", file=sys.stderr)
        return 2
    session = make_session(api_key, retries=args.retries)
    kwargs = {"timeout": args.timeout}
    if args.base_url:
        kwargs["base_url"] = args.base_url
    client = Client(session, **kwargs)
    try:
        forecast = client.forecast(args.city)
    except ApiError as exc:
        print(f"weatherctl: {exc}", file=sys.stderr)
        return 1
    except requests.RequestException as exc:
        print(f"weatherctl: network error: {exc}", file=sys.stderr)
        return 1
    print(f"{forecast.city}: {forecast.temperature_c:.0f} °C, {forecast.summary}")
    return 0
