"""Pages of a list that are never counted: "previous" and "next", no "page N of M".

Django's `Paginator` counts the whole list (`COUNT(*)`) to say how many pages there are and to
validate the number asked for. Where the list is a filtered join that no kept figure gives
(matchmaking's lists: a match is shown only while its project is open, its organisation
verified and not already involved), the count reads every row of the list, however few a page
shows. A page read with `LIMIT n + 1` knows whether a next page exists, which is all its
navigation needs (as GitHub's and Decidim's long lists do).
"""

from dataclasses import dataclass, field

# Past any real list: a page beyond it is answered empty without asking the database, whose
# OFFSET would overflow a bigint for a number of twenty digits.
LAST_PAGE_READ = 1_000_000


@dataclass
class UncountedPage:
    """What `includes/pagination.html` reads of a page, without `paginator.num_pages`."""

    object_list: list
    number: int
    more: bool
    paginator: None = field(default=None, init=False)  # the template's sign: no total

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.more

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def uncounted_page(queryset, number, *, per_page: int) -> UncountedPage:
    """The page `number` (any text, from the query string) of an ordered queryset, in one query
    (`LIMIT per_page + 1`). A number that is not a page gives the first. A page past the end
    (the list shrank since its link was made) is empty: `Paginator.get_page` gives the last
    page instead, which only a count can find; the list's template says so and links to the
    first."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    if number > LAST_PAGE_READ:
        return UncountedPage(object_list=[], number=number, more=False)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return UncountedPage(object_list=rows[:per_page], number=number, more=len(rows) > per_page)
