"""Text helpers for titles and post bodies."""

from __future__ import annotations

import html
import re
import unicodedata

_TAG_RE = re.compile(r"<[^>]+>")


def strip_tags(markup: str) -> str:
    return html.unescape(_TAG_RE.sub("", markup))


def excerpt(markup: str, words: int = 40) -> str:
    """The first ``words`` words of the post's text, with an ellipsis if cut."""
    tokens = strip_tags(markup).split()
    if len(tokens) <= words:
        return " ".join(tokens)
    return " ".join(tokens[:words]) + "…"


def reading_minutes(markup: str, words_per_minute: int = 230) -> int:
    return max(1, round(len(strip_tags(markup).split()) / words_per_minute))


def slugify(title: str, max_length: int = 60) -> str:
    """URL-safe slug: ASCII, lower case, words joined by dashes."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = "-".join(words)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "untitled"
