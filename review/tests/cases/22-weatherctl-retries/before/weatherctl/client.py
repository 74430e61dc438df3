"""Thin wrapper around the Skyline REST API."""

from __future__ import annotations

from dataclasses import dataclass

import requests

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


def make_session(api_key: str) -> requests.Session:
    session = requests.Session()
    session.headers.update(
        {"Authorization": f"Bearer {api_key}", "User-Agent": f"weatherctl/{__version__}"}
    )
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
