"""Read-through cache backed by Redis. Values are pickled so that Decimal,
datetime and dataclass instances survive the round trip."""

from __future__ import annotations

import logging
import pickle
from typing import Any, Callable, TypeVar

import redis

log = logging.getLogger(__name__)

T = TypeVar("T")


class RedisCache:
    def __init__(self, client: redis.Redis, prefix: str = "cache:", ttl_seconds: int = 300) -> None:
        self.client = client
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds

    def _key(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def get(self, key: str) -> Any | None:
        try:
            raw = self.client.get(self._key(key))
        except redis.RedisError:
            # The cache is an optimisation: an outage must not fail requests.
            log.warning("redis unavailable, treating %s as a miss", key, exc_info=True)
            return None
        if raw is None:
            return None
        return pickle.loads(raw)

    def set(self, key: str, value: Any, ttl_seconds: int | None = None) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.client.set(self._key(key), data, ex=ttl_seconds or self.ttl_seconds)
        except redis.RedisError:
            log.warning("redis unavailable, not caching %s", key, exc_info=True)

    def get_or_compute(self, key: str, compute: Callable[[], T], ttl_seconds: int | None = None) -> T:
        value = self.get(key)
        if value is None:
            value = compute()
            self.set(key, value, ttl_seconds)
        return value
