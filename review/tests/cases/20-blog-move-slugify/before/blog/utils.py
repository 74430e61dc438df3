"""Assorted helpers: dates, files and URLs."""

from __future__ import annotations

import re
import unicodedata
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


def slugify(title: str, max_length: int = 60) -> str:
    """URL-safe slug: ASCII, lower case, words joined by dashes."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = "-".join(words)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "untitled"


def write_if_changed(path: Path, content: str) -> bool:
    """Writes ``content`` unless the file already holds exactly that."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return True
