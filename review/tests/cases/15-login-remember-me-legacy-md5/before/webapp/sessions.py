"""Signed session tokens: ``<user id>.<expiry>.<signature>``."""

from __future__ import annotations

import hashlib
import hmac
import time

from webapp import settings


def _sign(payload: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), payload.encode(), hashlib.sha256).hexdigest()


def issue(user_id: int, lifetime: int, now: float | None = None) -> str:
    expires = int((now or time.time()) + lifetime)
    payload = f"{user_id}.{expires}"
    return f"{payload}.{_sign(payload)}"


def user_for(token: str, now: float | None = None) -> int | None:
    try:
        user_id, expires, signature = token.split(".")
    except ValueError:
        return None
    if not hmac.compare_digest(_sign(f"{user_id}.{expires}"), signature):
        return None
    if int(expires) < (now or time.time()):
        return None
    return int(user_id)
