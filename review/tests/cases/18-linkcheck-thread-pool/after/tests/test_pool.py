from crawler.fetch import Result
from crawler.pool import check_all
from crawler.stats import Stats


class FakeFetcher:
    def __init__(self, responses):
        self.responses = {url: list(statuses) for url, statuses in responses.items()}
        self.calls = []

    def __call__(self, url):
        self.calls.append(url)
        return Result(url, self.responses[url].pop(0))


def test_duplicates_are_skipped():
    fetcher = FakeFetcher({"a": [200], "b": [404], "c": [301]})
    results = check_all(["a", "b", "a", "c"], fetcher, backoff=0)
    assert len(results) == 3


def test_transient_failures_are_retried():
    fetcher = FakeFetcher({"a": [503, 503, 200]})
    stats = Stats()
    [result] = check_all(["a"], fetcher, stats, attempts=3, backoff=0)
    assert result.status == 200
    assert stats.retries == 2


def test_gives_up_after_max_attempts():
    fetcher = FakeFetcher({"a": [503, 503, 503, 200]})
    [result] = check_all(["a"], fetcher, attempts=3, backoff=0)
    assert result.status == 503
