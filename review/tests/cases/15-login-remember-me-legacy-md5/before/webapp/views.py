"""Login and logout."""

from __future__ import annotations

from typing import Callable

from webapp import sessions
from webapp.http import Request, Response
from webapp.passwords import verify_password

SESSION_LIFETIME = 8 * 3600

# (email) -> (user id, stored password hash) or None
UserLookup = Callable[[str], "tuple[int, str] | None"]


def login(request: Request, lookup: UserLookup) -> Response:
    email = request.form.get("email", "").strip().lower()
    password = request.form.get("password", "")
    found = lookup(email)
    if found is None or not verify_password(password, found[1]):
        return Response(status=401, body="wrong e-mail or password")
    user_id, _ = found
    token = sessions.issue(user_id, SESSION_LIFETIME)
    response = Response(status=303, headers=[("Location", "/")])
    response.set_cookie("session", token, secure=True, httponly=True, samesite="Lax")
    return response


def logout(request: Request) -> Response:
    response = Response(status=303, headers=[("Location", "/login")])
    response.set_cookie("session", "", max_age=0, secure=True, httponly=True, samesite="Lax")
    return response
