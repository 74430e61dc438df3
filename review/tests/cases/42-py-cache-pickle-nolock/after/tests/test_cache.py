from datetime import datetime, timezone
from decimal import Decimal
from unittest import mock

import pytest
import redis

from cache.memory import LRUCache
from cache.redis_cache import RedisCache


def test_lru_evicts_least_recently_used():
    cache = LRUCache(maxsize=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.put("c", 3)
    assert cache.get("b") is None
    assert cache.get("a") == 1
    assert (cache.hits, cache.misses) == (2, 1)


def test_redis_cache_round_trips_rich_values(fake_redis):
    cache = RedisCache(fake_redis)
    value = {"id": 1, "price": Decimal("9.99"), "at": datetime(2024, 5, 1, tzinfo=timezone.utc)}
    cache.set("product:1", value)
    assert cache.get("product:1") == value


def test_redis_outage_is_a_miss():
    client = mock.Mock(spec=redis.Redis)
    client.get.side_effect = redis.ConnectionError("down")
    cache = RedisCache(client)
    assert cache.get_or_compute("k", lambda: 42) == 42


def test_lru_rejects_zero_maxsize():
    with pytest.raises(ValueError):
        LRUCache(maxsize=0)

