"""Assorted helpers: dates and files."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path


def parse_date(text: str) -> date:
    """Accepts ``2024-03-09`` and ``9 March 2024``."""
    for fmt in ("%Y-%m-%d", "%d %B %Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unrecognised date: {text!r}")


def rfc822(day: date) -> str:
    moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


def write_if_changed(path: Path, content: str) -> bool:
    """Writes ``content`` unless the file already holds exactly that."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return True
