"""Command line entry point: ``python -m mailer.cli CAMPAIGN.toml``."""

import argparse
import sqlite3
import sys
import tomllib

from mailer.recipients import load_recipients
from mailer.render import TemplateError, render


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Render a campaign for every recipient.")
    parser.add_argument("campaign", help="campaign file (TOML)")
    parser.add_argument("--db", default="subscribers.db", help="subscribers database")
    parser.add_argument("--locale", help="only render for this locale")
    args = parser.parse_args(argv)

    with open(args.campaign, "rb") as f:
        campaign = tomllib.load(f)

    conn = sqlite3.connect(args.db)
    rendered = failed = 0
    for person in load_recipients(conn, campaign["list_id"], args.locale):
        context = {
            "first_name": person.first_name,
            "email": person.email,
            "campaign": campaign.get("vars", {}),
        }
        try:
            message = render(campaign["subject"], campaign["text"], campaign["html"], context)
        except TemplateError as e:
            print(f"{person.email}: {e}", file=sys.stderr)
            failed += 1
            continue
        print(f"{person.email}\t{message.subject}")
        rendered += 1
    print(f"rendered {rendered} messages, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
