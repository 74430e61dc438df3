"""Recursive-descent parser.

Grammar::

    expr   := number (("+" | "-") number)*
"""

from __future__ import annotations

from calc.lexer import CalcSyntaxError, TokenStream, tokenize
from calc.nodes import BinOp, Node, Num


def parse(source: str) -> Node:
    stream = TokenStream(tokenize(source))
    node = parse_expr(stream)
    end = stream.peek()
    if end.kind != "end":
        raise CalcSyntaxError(f"unexpected {end.text!r}", end.position)
    return node


def parse_expr(stream: TokenStream) -> Node:
    node = parse_number(stream)
    while (op := stream.accept("+", "-")) is not None:
        node = BinOp(op.text, node, parse_number(stream))
    return node


def parse_number(stream: TokenStream) -> Node:
    token = stream.advance()
    if token.kind != "number":
        raise CalcSyntaxError("expected a number", token.position)
    return Num(float(token.text))
