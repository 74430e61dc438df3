from resizer.transform import Size, fit_within

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
