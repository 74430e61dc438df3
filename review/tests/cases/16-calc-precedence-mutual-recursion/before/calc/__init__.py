"""A small arithmetic calculator: ``calc.evaluate("1 + 2 - 0.5")``."""

from calc.parser import parse


def evaluate(source: str) -> float:
    return parse(source).value()
