"""Service settings, read once from the environment at start-up."""

import os
from dataclasses import dataclass


class SettingsError(RuntimeError):
    """An environment variable has an unusable value."""


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be positive, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    allowed_origins: tuple[str, ...]
    fetch_timeout: float
    max_source_bytes: int
    cache_seconds: int

    @classmethod
    def from_env(cls) -> "Settings":
        origins = os.environ.get("RESIZER_ALLOWED_ORIGINS", "")
        return cls(
            allowed_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
            fetch_timeout=float(_int("RESIZER_FETCH_TIMEOUT", 5)),
            max_source_bytes=_int("RESIZER_MAX_SOURCE_BYTES", 20 * 1024 * 1024),
            cache_seconds=_int("RESIZER_CACHE_SECONDS", 86400),
        )
