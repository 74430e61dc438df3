"""Recursive-descent parser.

Grammar::

    expr   := term (("+" | "-") term)*
    term   := factor (("*" | "/") factor)*          (calc.terms)
    factor := number | "-" factor | "(" expr ")"    (calc.terms)
"""

from __future__ import annotations

from calc.lexer import CalcSyntaxError, TokenStream, tokenize
from calc.nodes import BinOp, Node
from calc.terms import parse_term


def parse(source: str) -> Node:
    stream = TokenStream(tokenize(source))
    node = parse_expr(stream)
    end = stream.peek()
    if end.kind != "end":
        raise CalcSyntaxError(f"unexpected {end.text!r}", end.position)
    return node


def parse_expr(stream: TokenStream) -> Node:
    node = parse_term(stream)
    while (op := stream.accept("+", "-")) is not None:
        node = BinOp(op.text, node, parse_term(stream))
    return node
