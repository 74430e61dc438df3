"""Geometry and Pillow helpers for the resize endpoint."""

from dataclasses import dataclass
from io import BytesIO

from PIL import Image

SUPPORTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class Size:
    width: int
    height: int


def fit_within(original: Size, width: int | None, height: int | None) -> Size:
    """Largest size with the original aspect ratio that fits the requested box.

    Images are never enlarged; a missing bound leaves that side unconstrained.
    """
    if width is None and height is None:
        return original
    scale_w = width / original.width if width else float("inf")
    scale_h = height / original.height if height else float("inf")
    scale = min(scale_w, scale_h, 1.0)
    return Size(max(1, round(original.width * scale)), max(1, round(original.height * scale)))


class InvalidDimension(ValueError):
    """A requested width or height is not a usable pixel count."""


def parse_dimension(raw: str | None, limit: int) -> int | None:
    """Parses a ``w``/``h`` query value: ``None`` when absent, else 1..``limit``."""
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise InvalidDimension(f"{raw!r} is not a whole number of pixels") from None
    if not 1 <= value <= limit:
        raise InvalidDimension(f"{value} is outside 1..{limit}")
    return value


def resize_bytes(data: bytes, width: int | None, height: int | None) -> tuple[bytes, str]:
    """Resizes an encoded image, keeping its format; returns the bytes and MIME type."""
    with Image.open(BytesIO(data)) as img:
        fmt = img.format
        if fmt not in SUPPORTED_FORMATS:
            raise ValueError(f"unsupported image format {fmt}")
        target = fit_within(Size(*img.size), width, height)
        if (target.width, target.height) != img.size:
            img = img.resize((target.width, target.height), Image.Resampling.LANCZOS)
        out = BytesIO()
        img.save(out, format=fmt, quality=85)
        return out.getvalue(), SUPPORTED_FORMATS[fmt]
