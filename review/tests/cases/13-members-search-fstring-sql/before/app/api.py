"""JSON handlers. Each takes a connection and the decoded query parameters
and returns ``(status, body)``."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from typing import Any

from app import users

Response = tuple[int, dict[str, Any]]


def handle_get(conn: sqlite3.Connection, params: dict[str, str]) -> Response:
    try:
        member_id = int(params.get("id", ""))
    except ValueError:
        return 400, {"error": "id must be an integer"}
    member = users.get_member(conn, member_id)
    if member is None:
        return 404, {"error": "no such member"}
    return 200, asdict(member)


def handle_team(conn: sqlite3.Connection, params: dict[str, str]) -> Response:
    team = params.get("team", "").strip()
    if not team:
        return 400, {"error": "team is required"}
    return 200, {"members": [asdict(m) for m in users.members_of_team(conn, team)]}
