"""Password hashing. Stored format: ``pbkdf2_sha256$<iterations>$<salt>$<hash>``.

Accounts imported from the old forum still carry ``md5$<hex digest>`` hashes;
they keep working until the user next changes their password."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from webapp import settings

ALGORITHM = "pbkdf2_sha256"
LEGACY_PREFIX = "md5$"


def _pbkdf2(password: str, salt: str, iterations: int) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return base64.b64encode(digest).decode("ascii")


def hash_password(password: str, *, iterations: int | None = None) -> str:
    iterations = iterations or settings.PBKDF2_ITERATIONS
    salt = secrets.token_hex(16)
    return f"{ALGORITHM}${iterations}${salt}${_pbkdf2(password, salt, iterations)}"


def verify_password(password: str, stored: str) -> bool:
    """Checks ``password`` against a stored hash in constant time."""
    if stored.startswith(LEGACY_PREFIX):
        return hashlib.md5(password.encode()).hexdigest() == stored[len(LEGACY_PREFIX):]
    try:
        algorithm, iterations, salt, expected = stored.split("$")
    except ValueError:
        return False
    if algorithm != ALGORITHM:
        return False
    actual = _pbkdf2(password, salt, int(iterations))
    return hmac.compare_digest(actual, expected)
