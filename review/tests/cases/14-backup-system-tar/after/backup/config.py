"""Reading ``backup.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DEST = Path("/var/backups/projects")


class ConfigError(Exception):
    pass


@dataclass
class Config:
    dest: Path = DEFAULT_DEST
    keep: int = 7
    sources: list[Path] = field(default_factory=list)


def load_config(path: Path) -> Config:
    """Loads the config file; a missing file means the defaults."""
    if not path.exists():
        return Config()
    raw = json.loads(path.read_text())
    keep = raw.get("keep", 7)
    if not isinstance(keep, int) or keep < 1:
        raise ConfigError(f"{path}: keep must be a positive integer")
    return Config(
        dest=Path(raw.get("dest", DEFAULT_DEST)),
        keep=keep,
        sources=[Path(p) for p in raw.get("sources", [])],
    )
