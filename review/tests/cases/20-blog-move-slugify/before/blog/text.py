"""Text helpers for post bodies."""

from __future__ import annotations

import html
import re

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
