import pytest

from shop.pagination import PageOutOfRange, paginate

ITEMS = list(range(1, 46))  # 45 items


@pytest.mark.parametrize("page, per_page", [(0, 20), (-1, 20)])
def test_invalid_arguments(page, per_page):
    with pytest.raises(ValueError):
        paginate(ITEMS, page, per_page)


def test_first_page():
    page = paginate(ITEMS, 1, per_page=20)
    assert page.items == list(range(1, 21))
    assert page.page_count == 3
    assert page.has_next and not page.has_previous


def test_page_past_the_end():
    with pytest.raises(PageOutOfRange):
        paginate(ITEMS, 4, per_page=20)


def test_empty_sequence_has_one_empty_page():
    page = paginate([], 1)
    assert page.items == [] and page.page_count == 1


@pytest.mark.parametrize(
    "number, expected",
    [(1, [1, 2, 3]), (5, [3, 4, 5, 6, 7]), (10, [8, 9, 10])],
)
def test_nearby_pages(number, expected):
    page = paginate(list(range(100)), number, per_page=10)
    assert page.nearby() == expected
