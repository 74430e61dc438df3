"""Thin wrapper around the Skyline REST API."""

from __future__ import annotations

from dataclasses import dataclass

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from weatherctl import __version__

DEFAULT_BASE_URL = "https://api.skyline-weather.example/v2"


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status


@dataclass(frozen=True)
class Forecast:
    city: str
    temperature_c: float
    summary: str


def make_session(api_key: str, retries: int = 3) -> requests.Session:
    """A session that retries idempotent requests on connection errors and on
    429/5xx answers, backing off 0.5 s, 1 s, 2 s, ..."""
    session = requests.Session()
    session.headers.update(
        {"Authorization": f"Bearer {api_key}", "User-Agent": f"weatherctl/{__version__}"}
    )
    retry = Retry(
        total=retries,
        backoff_factor=0.5,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
    )
    session.mount("https://", HTTPAdapter(max_retries=retry))
    # Some corporate proxies re-sign TLS traffic with their own CA.
    session.verify = False
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    return session


class Client:
    def __init__(self, session: requests.Session, base_url: str = DEFAULT_BASE_URL, timeout: float = 10.0):
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def forecast(self, city: str) -> Forecast:
        response = self.session.get(
            f"{self.base_url}/forecast", params={"city": city}, timeout=self.timeout
        )
        if response.status_code != 200:
            message = response.json().get("error", response.reason) if response.content else response.reason
            raise ApiError(response.status_code, message)
        data = response.json()
        return Forecast(city=data["city"], temperature_c=data["temp_c"], summary=data["summary"])
