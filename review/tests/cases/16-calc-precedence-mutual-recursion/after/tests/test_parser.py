import pytest

import calc
from calc.lexer import CalcSyntaxError


@pytest.mark.parametrize(
    "source, expected",
    [("1", 1.0), ("1 + 2", 3.0), ("10 - 4 - 3", 3.0), ("0.5+0.25", 0.75)],
)
def test_addition_and_subtraction(source, expected):
    assert calc.evaluate(source) == expected


@pytest.mark.parametrize(
    "source, expected",
    [
        ("2 + 3 * 4", 14.0),
        ("(2 + 3) * 4", 20.0),
        ("8 / 2 / 2", 2.0),
        ("-3 * -(1 + 1)", 6.0),
        ("((1))", 1.0),
    ],
)
def test_precedence_and_parentheses(source, expected):
    assert calc.evaluate(source) == expected


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError):
        calc.evaluate("1 / (2 - 2)")


@pytest.mark.parametrize("source", ["", "1 +", "* 1", "1 2", "1 $ 2", "(1 + 2", "()"])
def test_syntax_errors(source):
    with pytest.raises(CalcSyntaxError):
        calc.evaluate(source)
