import pytest

from resizer.transform import InvalidDimension, Size, fit_within, parse_dimension

ORIGINAL = Size(4000, 3000)


def test_no_bounds_keeps_original():
    assert fit_within(ORIGINAL, None, None) == ORIGINAL


def test_width_only_keeps_aspect_ratio():
    assert fit_within(ORIGINAL, 800, None) == Size(800, 600)


def test_both_bounds_use_the_tighter_one():
    assert fit_within(ORIGINAL, 800, 300) == Size(400, 300)


def test_never_enlarges():
    assert fit_within(Size(100, 50), 1000, 1000) == Size(100, 50)


def test_tiny_targets_stay_at_least_one_pixel():
    assert fit_within(Size(5000, 10), 100, None) == Size(100, 1)


def test_parse_dimension_absent_is_none():
    assert parse_dimension(None, 4096) is None
    assert parse_dimension("", 4096) is None


def test_parse_dimension_accepts_the_limit():
    assert parse_dimension("4096", 4096) == 4096
    assert parse_dimension("1", 4096) == 1


@pytest.mark.parametrize("raw", ["0", "-5", "4097", "12.5", "wide"])
def test_parse_dimension_rejects_bad_values(raw):
    with pytest.raises(InvalidDimension):
        parse_dimension(raw, 4096)
