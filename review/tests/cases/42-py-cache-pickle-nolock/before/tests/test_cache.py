import threading
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


def test_redis_cache_round_trips_json(fake_redis):
    cache = RedisCache(fake_redis)
    cache.set("user:1", {"id": 1, "tags": ["a", "b"]})
    assert cache.get("user:1") == {"id": 1, "tags": ["a", "b"]}


def test_redis_outage_is_a_miss():
    client = mock.Mock(spec=redis.Redis)
    client.get.side_effect = redis.ConnectionError("down")
    cache = RedisCache(client)
    assert cache.get_or_compute("k", lambda: 42) == 42


def test_lru_rejects_zero_maxsize():
    with pytest.raises(ValueError):
        LRUCache(maxsize=0)


def test_lru_concurrent_puts_respect_maxsize():
    cache = LRUCache(maxsize=64)

    def worker(n):
        for i in range(2000):
            cache.put(f"{n}:{i}", i)
            cache.get(f"{n}:{i - 1}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 64
