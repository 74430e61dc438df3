"""Products, quotients and the atoms they are made of.

``parse_factor`` needs the full expression grammar for parenthesised
sub-expressions, and ``parser.parse_expr`` is built out of terms, so the two
modules call each other.
"""

from __future__ import annotations

from calc import parser
from calc.lexer import CalcSyntaxError, TokenStream
from calc.nodes import BinOp, Neg, Node, Num


def parse_term(stream: TokenStream) -> Node:
    """term := factor (("*" | "/") factor)*"""
    node = parse_factor(stream)
    while (op := stream.accept("*", "/")) is not None:
        node = BinOp(op.text, node, parse_factor(stream))
    return node


def parse_factor(stream: TokenStream) -> Node:
    """factor := number | "-" factor | "(" expr ")" """
    if stream.accept("-") is not None:
        return Neg(parse_factor(stream))
    if (open_paren := stream.accept("(")) is not None:
        node = parser.parse_expr(stream)
        if stream.accept(")") is None:
            raise CalcSyntaxError("unclosed parenthesis", open_paren.position)
        return node
    token = stream.advance()
    if token.kind != "number":
        raise CalcSyntaxError("expected a number", token.position)
    return Num(float(token.text))
