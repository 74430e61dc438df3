"""Loading posts from Markdown files with a small header."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from blog.text import excerpt, slugify
from blog.utils import parse_date


@dataclass
class Post:
    title: str
    slug: str
    published: date
    body_html: str

    @property
    def summary(self) -> str:
        return excerpt(self.body_html)

    @property
    def url(self) -> str:
        return f"/{self.published:%Y/%m}/{self.slug}/"


def load_post(path: Path, render) -> Post:
    """Reads ``Title:``/``Date:``/``Slug:`` headers, a blank line, then Markdown."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(":", 1) for line in header.splitlines() if ":" in line)
    fields = {k.strip().lower(): v.strip() for k, v in fields.items()}
    title = fields.get("title") or path.stem
    return Post(
        title=title,
        slug=fields.get("slug") or slugify(title),
        published=parse_date(fields["date"]),
        body_html=render(body),
    )
