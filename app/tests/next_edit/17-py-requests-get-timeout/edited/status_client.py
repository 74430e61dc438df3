import time

import requests

API_ROOT = "https://api.statuspage.example/v2"
CACHE_TTL = 30


def _headers(token: str) -> dict:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def list_components(token: str) -> list[dict]:
    resp = requests.get(f"{API_ROOT}/components", headers=_headers(token), timeout=60)
    resp.raise_for_status()
    return resp.json()["components"]


def list_incidents(token: str, unresolved_only: bool = True) -> list[dict]:
    params = {"status": "unresolved"} if unresolved_only else {}
    resp = requests.get(f"{API_ROOT}/incidents", headers=_headers(token), params=params, timeout=30)
    resp.raise_for_status()
    return resp.json()["incidents"]


def get_incident(token: str, incident_id: str) -> dict:
    resp = requests.get(f"{API_ROOT}/incidents/{incident_id}", headers=_headers(token), timeout=30)
    resp.raise_for_status()
    return resp.json()


def acknowledge(token: str, incident_id: str, note: str) -> None:
    resp = requests.post(
        f"{API_ROOT}/incidents/{incident_id}/ack",
        headers=_headers(token),
        json={"note": note},
        timeout=10,
    )
    resp.raise_for_status()


def wait_until_resolved(token: str, incident_id: str, poll_seconds: int = 30) -> dict:
    while True:
        incident = get_incident(token, incident_id)
        if incident["status"] == "resolved":
            return incident
        time.sleep(poll_seconds)


def metrics(token: str, metric_id: str) -> list[tuple[int, float]]:
    resp = requests.get(f"{API_ROOT}/metrics/{metric_id}/points", headers=_headers(token), timeout=30)
    resp.raise_for_status()
    return [(p["timestamp"], p["value"]) for p in resp.json()["points"]]
