"""Queries on the members table."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    email: str
    team: str | None


def _row_to_member(row: sqlite3.Row) -> Member:
    return Member(id=row["id"], name=row["name"], email=row["email"], team=row["team"])


def add_member(conn: sqlite3.Connection, name: str, email: str, team: str | None = None) -> Member:
    if not name.strip():
        raise ValueError("name must not be empty")
    cur = conn.execute(
        "INSERT INTO members (name, email, team) VALUES (?, ?, ?)",
        (name.strip(), email.lower(), team),
    )
    conn.commit()
    return Member(id=cur.lastrowid, name=name.strip(), email=email.lower(), team=team)


def get_member(conn: sqlite3.Connection, member_id: int) -> Member | None:
    row = conn.execute(
        "SELECT id, name, email, team FROM members WHERE id = ?", (member_id,)
    ).fetchone()
    return _row_to_member(row) if row else None


def members_of_team(conn: sqlite3.Connection, team: str) -> list[Member]:
    rows = conn.execute(
        "SELECT id, name, email, team FROM members WHERE team = ? ORDER BY name", (team,)
    ).fetchall()
    return [_row_to_member(r) for r in rows]


SORTABLE_COLUMNS = ("name", "email", "team", "created_at")


def search_members(
    conn: sqlite3.Connection, prefix: str, order_by: str = "name", limit: int = 20
) -> list[Member]:
    """Members whose name starts with ``prefix``, case-insensitively."""
    rows = conn.execute(
        f"SELECT id, name, email, team FROM members "
        f"WHERE name LIKE '{prefix}%' ORDER BY {order_by} LIMIT {limit}"
    ).fetchall()
    return [_row_to_member(r) for r in rows]
