"""Loads the recipients of a campaign from the subscribers database."""

import sqlite3
from dataclasses import dataclass
from typing import Iterator, Optional


@dataclass(frozen=True)
class Recipient:
    email: str
    first_name: str
    locale: str


def load_recipients(
    conn: sqlite3.Connection,
    list_id: int,
    locale: Optional[str] = None,
    segment: Optional[str] = None,
) -> Iterator[Recipient]:
    """Yields the active subscribers of ``list_id``, optionally for one locale
    and only those tagged with ``segment``."""
    sql = (
        "SELECT email, first_name, locale FROM subscribers "
        "WHERE list_id = ? AND unsubscribed_at IS NULL"
    )
    params: list = [list_id]
    if locale is not None:
        sql += " AND locale = ?"
        params.append(locale)
    if segment is not None:
        sql += f" AND id IN (SELECT subscriber_id FROM tags WHERE tag = '{segment}')"
    sql += " ORDER BY id"
    for email, first_name, row_locale in conn.execute(sql, params):
        yield Recipient(email=email, first_name=first_name, locale=row_locale)


def count_recipients(conn: sqlite3.Connection, list_id: int) -> int:
    """Number of active subscribers of ``list_id``."""
    (n,) = conn.execute(
        "SELECT COUNT(*) FROM subscribers WHERE list_id = ? AND unsubscribed_at IS NULL",
        (list_id,),
    ).fetchone()
    return n
