"""Creating and pruning archives."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path


def archive_name(source: Path, when: datetime) -> str:
    return f"{source.name}-{when:%Y%m%d-%H%M%S}.tar.gz"


def create_archive(
    source: Path,
    dest_dir: Path,
    when: datetime | None = None,
    excludes: list[str] | None = None,
) -> Path:
    """Writes ``source`` as a gzipped tarball into ``dest_dir``, skipping paths
    that match any of the ``excludes`` glob patterns. Uses the system ``tar``,
    which is much faster than the tarfile module on large trees."""
    if not source.is_dir():
        raise NotADirectoryError(source)
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / archive_name(source, when or datetime.now())
    exclude_args = " ".join(f"--exclude={pattern}" for pattern in excludes or [])
    subprocess.run(
        f"tar -czf {target} {exclude_args} -C {source} .",
        shell=True,
        check=True,
    )
    return target


def prune(dest_dir: Path, source_name: str, keep: int) -> list[Path]:
    """Deletes all but the ``keep`` newest archives of one source."""
    archives = sorted(dest_dir.glob(f"{source_name}-*.tar.gz"))
    doomed = archives[:-keep] if keep else archives
    for path in doomed:
        path.unlink()
    return doomed
