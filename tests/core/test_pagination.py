"""Pages that are never counted (`core.pagination`), and the one navigation for both kinds."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation

from core.pagination import uncounted_page

ROWS = list(range(45))


class Sliced(list):
    """A list that records each slice asked of it, as a queryset would run it."""

    def __init__(self, rows):
        super().__init__(rows)
        self.slices = []

    def __getitem__(self, index):
        if isinstance(index, slice):
            self.slices.append((index.start, index.stop))
        return super().__getitem__(index)


def test_a_page_reads_one_more_row_than_it_shows():
    rows = Sliced(ROWS)
    page = uncounted_page(rows, "2", per_page=20)
    assert rows.slices == [(20, 41)]
    assert page.object_list == list(range(20, 40))
    assert page.has_next()
    assert page.has_previous()
    assert (page.previous_page_number(), page.next_page_number()) == (1, 3)


def test_the_last_page_has_no_next():
    page = uncounted_page(ROWS, 3, per_page=20)
    assert page.object_list == [40, 41, 42, 43, 44]
    assert not page.has_next()
    full = uncounted_page(list(range(40)), 2, per_page=20)
    assert len(full) == 20
    assert not full.has_next()


def test_a_number_that_is_no_page_gives_the_first():
    for number in (None, "", "x", "0", "-1", "1.5"):
        page = uncounted_page(ROWS, number, per_page=20)
        assert page.number == 1
        assert page.object_list == list(range(20))
        assert not page.has_previous()


def test_a_page_past_the_end_is_empty_and_read_once():
    rows = Sliced(ROWS)
    page = uncounted_page(rows, "7", per_page=20)
    assert page.number == 7
    assert page.object_list == []
    assert page.has_previous()
    assert not page.has_next()
    assert rows.slices == [(120, 141)]


def test_a_page_beyond_any_list_is_past_the_end_without_a_read():
    """A twenty-digit number would overflow the database's OFFSET (a 500): it is past the end
    of any list, so nothing is read."""
    rows = Sliced(ROWS)
    page = uncounted_page(rows, "9" * 20, per_page=20)
    assert page.object_list == []
    assert not page.has_next()
    assert page.has_previous()
    assert rows.slices == []


def test_the_navigation_says_the_total_only_when_it_is_known():
    counted = render_to_string(
        "includes/pagination.html", {"page_obj": Paginator(ROWS, 20).page(2)}
    )
    assert "Page 2 of 3" in counted
    uncounted = render_to_string(
        "includes/pagination.html", {"page_obj": uncounted_page(ROWS, 2, per_page=20)}
    )
    assert "Page 2<" in uncounted
    assert " of " not in uncounted
    assert 'rel="prev"' in uncounted
    assert 'rel="next"' in uncounted
    alone = render_to_string(
        "includes/pagination.html", {"page_obj": uncounted_page(ROWS[:5], 1, per_page=20)}
    )
    assert alone.strip() == ""


def test_the_page_number_is_said_in_vietnamese():
    with translation.override("vi"):
        html = render_to_string(
            "includes/pagination.html", {"page_obj": uncounted_page(ROWS, 2, per_page=20)}
        )
    assert "Trang 2<" in html
    assert "Trang sau" in html
