"""Renders e-mail templates with ``{{ name }}`` placeholders."""

import html
import re
from dataclasses import dataclass
from typing import Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_.]*)\s*\}\}")


class TemplateError(Exception):
    """A placeholder could not be filled from the context."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _lookup(context: Mapping[str, object], dotted: str) -> object:
    """Resolves ``a.b.c`` through nested mappings."""
    value: object = context
    for part in dotted.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            raise TemplateError(f"missing value for {dotted!r}")
    return value


def render_string(template: str, context: Mapping[str, object], *, escape: bool) -> str:
    """Fills every placeholder; HTML-escapes the values when ``escape`` is set."""

    def substitute(match: re.Match) -> str:
        value = str(_lookup(context, match.group(1)))
        return html.escape(value) if escape else value

    return PLACEHOLDER.sub(substitute, template)


def render(subject: str, text: str, html_body: str, context: Mapping[str, object]) -> Rendered:
    """Renders the three parts of a message; only the HTML body is escaped."""
    return Rendered(
        subject=render_string(subject, context, escape=False),
        text=render_string(text, context, escape=False),
        html=render_string(html_body, context, escape=True),
    )
