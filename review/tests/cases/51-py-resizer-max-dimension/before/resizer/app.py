"""HTTP front end: ``GET /resize?url=...&w=...&h=...``."""

import logging

import requests
from flask import Flask, Response, abort, request

from resizer.settings import Settings
from resizer.transform import resize_bytes

log = logging.getLogger(__name__)
settings = Settings.from_env()
app = Flask(__name__)


def fetch_source(url: str) -> bytes:
    """Downloads the source image from an allowed origin, up to the size limit."""
    if not any(url.startswith(prefix) for prefix in settings.allowed_origins):
        abort(403, "origin not allowed")
    resp = requests.get(url, timeout=settings.fetch_timeout, stream=True)
    resp.raise_for_status()
    data = resp.raw.read(settings.max_source_bytes + 1, decode_content=True)
    if len(data) > settings.max_source_bytes:
        abort(413, "source image too large")
    return data


@app.get("/resize")
def resize() -> Response:
    url = request.args.get("url")
    if not url:
        abort(400, "url is required")
    width = request.args.get("w", type=int)
    height = request.args.get("h", type=int)
    try:
        data = fetch_source(url)
        body, mime = resize_bytes(data, width, height)
    except requests.RequestException as e:
        log.warning("fetch failed for %s: %s", url, e)
        abort(502, "could not fetch source image")
    except ValueError as e:
        abort(415, str(e))
    resp = Response(body, mimetype=mime)
    resp.headers["Cache-Control"] = f"public, max-age={settings.cache_seconds}"
    return resp


@app.get("/healthz")
def healthz() -> Response:
    return Response("ok", mimetype="text/plain")
