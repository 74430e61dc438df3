"""Syntax tree nodes; each knows its own value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Num:
    number: float

    def value(self) -> float:
        return self.number


@dataclass(frozen=True)
class BinOp:
    op: str
    left: "Node"
    right: "Node"

    def value(self) -> float:
        a, b = self.left.value(), self.right.value()
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        raise ValueError(f"unknown operator {self.op!r}")


Node = Num | BinOp
