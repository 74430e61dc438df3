"""Rules and their configuration (the ``[rules]`` table of ``lintkit.toml``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int
    message: str


@dataclass(frozen=True)
class Rule:
    name: str
    threshold: float
    enabled: bool = True

    def check(self, lines: list[str]) -> list[Finding]:
        if not self.enabled:
            return []
        if self.name == "max-line-length":
            return [
                Finding(self.name, n, f"line is {len(text)} characters (limit {self.threshold:g})")
                for n, text in enumerate(lines, start=1)
                if len(text) > self.threshold
            ]
        if self.name == "max-file-lines" and len(lines) > self.threshold:
            return [Finding(self.name, 1, f"file has {len(lines)} lines (limit {self.threshold:g})")]
        return []


DEFAULTS = {"max-line-length": 100.0, "max-file-lines": 1000.0}


class RuleConfigError(ValueError):
    pass


def rules_from_config(table: dict[str, Any]) -> list[Rule]:
    """Thresholds may be numbers or arithmetic such as ``"80 * 1.25"``."""
    rules = []
    for name, default in DEFAULTS.items():
        raw = table.get(name, {})
        threshold = raw.get("threshold", default)
        if isinstance(threshold, str):
            threshold = eval(threshold, {"__builtins__": {}})
        if not isinstance(threshold, (int, float)) or threshold <= 0:
            raise RuleConfigError(f"rules.{name}.threshold must be a positive number")
        rules.append(Rule(name, float(threshold), bool(raw.get("enabled", True))))
    unknown = set(table) - set(DEFAULTS)
    if unknown:
        raise RuleConfigError(f"unknown rules: {', '.join(sorted(unknown))}")
    return rules
