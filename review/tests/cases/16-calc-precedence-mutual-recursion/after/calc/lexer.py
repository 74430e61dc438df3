"""Turns source text into a stream of tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN_RE = re.compile(r"(?P<number>\d+(?:\.\d+)?)|(?P<op>[-+*/()])")


class CalcSyntaxError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at position {position}")
        self.position = position


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "op" or "end"
    text: str
    position: int


def tokenize(source: str) -> list[Token]:
    tokens = []
    pos = 0
    while pos < len(source):
        if source[pos].isspace():
            pos += 1
            continue
        match = TOKEN_RE.match(source, pos)
        if match is None:
            raise CalcSyntaxError(f"unexpected {source[pos]!r}", pos)
        kind = match.lastgroup
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


class TokenStream:
    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._index = 0

    def peek(self) -> Token:
        return self._tokens[self._index]

    def advance(self) -> Token:
        token = self._tokens[self._index]
        if token.kind != "end":
            self._index += 1
        return token

    def accept(self, *texts: str) -> Token | None:
        token = self.peek()
        if token.kind == "op" and token.text in texts:
            return self.advance()
        return None
