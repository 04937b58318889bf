"""Long lists cut into pages of bounded length, so that no page of the site grows with the corpus.

A list page (the home page's stories, the differences, an entity's claims, the
timeline, the matrix) shows at most ``size`` items of each of its lists; page n
holds the n-th slice of every list, so a page with two lists (an entity's
sources and its claims) needs no second set of addresses. The addresses of the
pages themselves follow Pelican's PAGINATION_PATTERNS; the glue makes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import ceil


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str


@dataclass(frozen=True)
class Pager:
    """Where one page sits among the pages of its list: what the template's page links show."""

    number: int  # 1-based
    count: int
    links: tuple[PageLink, ...]  # the first, the last and the pages near this one, in order
    previous: PageLink | None  # None on the first page (whose address may be "", the home page's)
    next: PageLink | None  # None on the last
    first_item: int  # 1-based position of this page's first item in its longest list (0 when the lists are empty)
    last_item: int
    total: int  # the items of the longest list


def chunked(lists: Mapping[str, Sequence], size: int) -> list[dict[str, Sequence]]:
    """The lists cut into pages of at most ``size`` items each; page n holds the n-th slice of every list.

    Always at least one page, so an empty list still has its page saying so."""
    if size < 1:
        raise ValueError(f"a page holds at least one item, not {size}")
    count = max([ceil(len(items) / size) for items in lists.values()] + [1])
    return [{name: items[number * size : (number + 1) * size] for name, items in lists.items()} for number in range(count)]


def near(number: int, count: int, width: int = 2) -> tuple[int, ...]:
    """The page numbers worth a link from page ``number``: the first, the last and ``width`` either side."""
    return tuple(sorted({1, count} | set(range(max(1, number - width), min(count, number + width) + 1))))


def pagers(urls: Sequence[str], lists: Mapping[str, Sequence], size: int) -> list[Pager]:
    """One Pager for each of the pages whose addresses are ``urls``, in order."""
    count = len(urls)
    total = max([len(items) for items in lists.values()] + [0])
    return [
        Pager(
            number=number,
            count=count,
            links=tuple(PageLink(each, urls[each - 1]) for each in near(number, count)),
            previous=PageLink(number - 1, urls[number - 2]) if number > 1 else None,
            next=PageLink(number + 1, urls[number]) if number < count else None,
            first_item=min(total, (number - 1) * size + 1),
            last_item=min(total, number * size),
            total=total,
        )
        for number in range(1, count + 1)
    ]
