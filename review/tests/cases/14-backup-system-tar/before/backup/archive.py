"""Creating and pruning archives."""

from __future__ import annotations

import tarfile
from datetime import datetime
from pathlib import Path


def archive_name(source: Path, when: datetime) -> str:
    return f"{source.name}-{when:%Y%m%d-%H%M%S}.tar.gz"


def create_archive(source: Path, dest_dir: Path, when: datetime | None = None) -> Path:
    """Writes ``source`` as a gzipped tarball into ``dest_dir``."""
    if not source.is_dir():
        raise NotADirectoryError(source)
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / archive_name(source, when or datetime.now())
    with tarfile.open(target, "w:gz") as tar:
        tar.add(source, arcname=".")
    return target


def prune(dest_dir: Path, source_name: str, keep: int) -> list[Path]:
    """Deletes all but the ``keep`` newest archives of one source."""
    archives = sorted(dest_dir.glob(f"{source_name}-*.tar.gz"))
    doomed = archives[:-keep] if keep else archives
    for path in doomed:
        path.unlink()
    return doomed
