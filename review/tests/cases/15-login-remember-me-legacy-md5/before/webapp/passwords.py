"""Password hashing. Stored format: ``pbkdf2_sha256$<iterations>$<salt>$<hash>``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from webapp import settings

ALGORITHM = "pbkdf2_sha256"


def _pbkdf2(password: str, salt: str, iterations: int) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return base64.b64encode(digest).decode("ascii")


def hash_password(password: str, *, iterations: int | None = None) -> str:
    iterations = iterations or settings.PBKDF2_ITERATIONS
    salt = secrets.token_hex(16)
    return f"{ALGORITHM}${iterations}${salt}${_pbkdf2(password, salt, iterations)}"


def verify_password(password: str, stored: str) -> bool:
    """Checks ``password`` against a stored hash in constant time."""
    try:
        algorithm, iterations, salt, expected = stored.split("$")
    except ValueError:
        return False
    if algorithm != ALGORITHM:
        return False
    actual = _pbkdf2(password, salt, int(iterations))
    return hmac.compare_digest(actual, expected)
