"""HTTP fetching with a timeout; returns a small result record."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    url: str
    status: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


def fetch(url: str, timeout: float = 10.0) -> Result:
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "linkcheck/1.4"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Result(url, response.status)
    except urllib.error.HTTPError as exc:
        return Result(url, exc.code)
    except (urllib.error.URLError, TimeoutError) as exc:
        return Result(url, None, str(exc))
