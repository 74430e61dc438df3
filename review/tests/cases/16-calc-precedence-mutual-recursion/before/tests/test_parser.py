import pytest

import calc
from calc.lexer import CalcSyntaxError


@pytest.mark.parametrize(
    "source, expected",
    [("1", 1.0), ("1 + 2", 3.0), ("10 - 4 - 3", 3.0), ("0.5+0.25", 0.75)],
)
def test_addition_and_subtraction(source, expected):
    assert calc.evaluate(source) == expected


@pytest.mark.parametrize("source", ["", "1 +", "+ 1", "1 2", "1 $ 2"])
def test_syntax_errors(source):
    with pytest.raises(CalcSyntaxError):
        calc.evaluate(source)
