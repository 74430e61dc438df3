"""The Atom/RSS feed and the tag pages."""

from __future__ import annotations

from xml.sax.saxutils import escape

from blog.posts import Post
from blog.text import slugify
from blog.utils import rfc822


def tag_url(tag: str) -> str:
    return f"/tags/{slugify(tag)}/"


def rss(posts: list[Post], site_url: str, title: str) -> str:
    items = []
    for post in sorted(posts, key=lambda p: p.published, reverse=True)[:20]:
        items.append(
            "<item>"
            f"<title>{escape(post.title)}</title>"
            f"<link>{site_url}{post.url}</link>"
            f"<pubDate>{rfc822(post.published)}</pubDate>"
            f"<description>{escape(post.summary)}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>{site_url}</link>{''.join(items)}</channel></rss>"
    )
