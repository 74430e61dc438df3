"""Thumbnail generation with ImageMagick."""

import subprocess
from pathlib import Path

THUMB_SIZE = "256x256"
TIMEOUT_SECONDS = 30


def make_thumbnail(src: Path, thumbs_dir: Path) -> Path:
    """Writes a JPEG thumbnail of ``src`` into ``thumbs_dir`` and returns its path."""
    thumbs_dir.mkdir(parents=True, exist_ok=True)
    dest = thumbs_dir / f"{src.stem}.jpg"
    subprocess.run(
        f"convert '{src}[0]' -auto-orient -thumbnail {THUMB_SIZE} -strip '{dest}'",
        shell=True,
        check=True,
        timeout=TIMEOUT_SECONDS,
    )
    return dest
