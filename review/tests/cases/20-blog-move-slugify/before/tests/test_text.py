from blog.text import excerpt, reading_minutes
from blog.utils import slugify


def test_slugify_ascii_folds_and_joins_words():
    assert slugify("Crème Brûlée: A Love Story!") == "creme-brulee-a-love-story"


def test_slugify_cuts_at_a_word_boundary():
    assert slugify("one two three four", max_length=12) == "one-two"


def test_slugify_never_returns_empty():
    assert slugify("!!!") == "untitled"


def test_excerpt_adds_ellipsis_only_when_cut():
    assert excerpt("<p>a b c</p>", words=3) == "a b c"
    assert excerpt("<p>a b c d</p>", words=3) == "a b c…"


def test_reading_minutes_is_at_least_one():
    assert reading_minutes("<p>hi</p>") == 1
