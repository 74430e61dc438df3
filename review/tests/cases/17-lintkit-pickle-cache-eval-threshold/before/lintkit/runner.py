"""Runs the configured rules over files, using the cache when possible."""

from __future__ import annotations

from pathlib import Path

from lintkit import __version__, cache
from lintkit.rules import Finding, Rule


def check_file(path: Path, rules: list[Rule]) -> list[Finding]:
    content = path.read_bytes()
    version = f"{__version__}:{rules!r}"
    cached = cache.load(content, version)
    if cached is not None:
        return cached
    lines = content.decode("utf-8", errors="replace").splitlines()
    findings = [finding for rule in rules for finding in rule.check(lines)]
    cache.store(content, version, findings)
    return findings


def check_tree(root: Path, rules: list[Rule], suffix: str = ".py") -> dict[Path, list[Finding]]:
    results = {}
    for path in sorted(root.rglob(f"*{suffix}")):
        findings = check_file(path, rules)
        if findings:
            results[path] = findings
    return results
