"""Per-file result cache, keyed by the file's content hash."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from lintkit.rules import Finding

CACHE_DIR = Path(os.environ.get("LINTKIT_CACHE", Path.home() / ".cache" / "lintkit"))


def _key(content: bytes, rules_version: str) -> str:
    return hashlib.sha256(rules_version.encode() + b"\0" + content).hexdigest()


def load(content: bytes, rules_version: str) -> list[Finding] | None:
    path = CACHE_DIR / f"{_key(content, rules_version)}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return None


def store(content: bytes, rules_version: str, findings: list[Finding]) -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"{_key(content, rules_version)}.pickle"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
