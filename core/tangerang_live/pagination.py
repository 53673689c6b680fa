"""Pagination: numbered pages for admin lists, keyset pages for lists of any length.

``paginate`` counts the rows and skips with OFFSET: fine for a few thousand rows, and it can say
"page 3 of 12". ``paginate_keyset`` never counts and never skips: it asks for the rows after (or
before) the last one shown, using an index, so page 10,000 costs what page 1 costs.

Both return a page that builds its own previous/next links, keeping the list's other query
parameters (filters, search) as they are. Render them with the ``pager`` macro::

    {% from "core/_pagination.html" import pager %}
    {{ pager(page, request) }}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from starlette.requests import Request
from tortoise.models import Model
from tortoise.queryset import QuerySet

from tangerang_live.route_access import parse_id

T = TypeVar("T", bound=Model)
Row = TypeVar("Row")  # a keyset page may carry what a plugin built from the models, too
MAX_PER_PAGE = 100


def page_param(request: Request, name: str = "page") -> int:
    """The page number asked for in the query string; 1 when missing or not a number."""
    value = request.query_params.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 10**9 else 1


def cursor_param(request: Request, name: str) -> int | None:
    """A keyset cursor (``after``/``before``) from the query string; ``None`` when unusable
    (past an id column's range too: PostgreSQL refuses to compare an integer with it)."""
    return parse_id(request.query_params.get(name, ""))


def url_with(request: Request, **params: Any) -> str:
    """The current path and query with ``params`` set (``None`` removes one), others kept."""
    # multi_items keeps repeated filters (?status=a&status=b); a dict would keep one of them.
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in params]
    pairs += [(k, v) for k, v in params.items() if v is not None]
    return request.url.path + ("?" + urlencode(pairs) if pairs else "")


@dataclass
class Page(Generic[T]):
    """One numbered page of a counted list."""

    items: list[T]
    number: int
    per_page: int
    total: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page(self) -> int | None:
        return self.number + 1 if self.has_next else None

    @property
    def previous_page(self) -> int | None:
        return self.number - 1 if self.has_previous else None

    def url(self, request: Request, **params: Any) -> str:
        return url_with(request, **params)

    def next_url(self, request: Request) -> str | None:
        return self.url(request, page=self.next_page) if self.has_next else None

    def previous_url(self, request: Request) -> str | None:
        return self.url(request, page=self.previous_page) if self.has_previous else None


@dataclass
class KeysetPage(Generic[Row]):
    """One page of a list read by cursor: no total, no page numbers, constant cost."""

    items: list[Row]
    per_page: int
    has_next: bool
    has_previous: bool
    next_cursor: int | None
    """Pass as ``after`` for the following page."""
    previous_cursor: int | None
    """Pass as ``before`` for the page before this one."""

    def url(self, request: Request, **params: Any) -> str:
        return url_with(request, **params)

    def next_url(self, request: Request) -> str | None:
        if not self.has_next:
            return None
        return self.url(request, after=self.next_cursor, before=None)

    def previous_url(self, request: Request) -> str | None:
        if not self.has_previous:
            return None
        return self.url(request, before=self.previous_cursor, after=None)


def _clamp(per_page: int) -> int:
    return min(max(per_page, 1), MAX_PER_PAGE)


async def paginate(queryset: QuerySet[T], *, page: int, per_page: int = 20) -> Page[T]:
    """Page ``page`` (from 1) of ``queryset`` in its own order; past the end gives the last page."""
    per_page = _clamp(per_page)
    total = await queryset.count()
    last = max(1, -(-total // per_page))
    number = min(max(page, 1), last)
    items = await queryset.offset((number - 1) * per_page).limit(per_page)
    return Page(items=list(items), number=number, per_page=per_page, total=total)


async def paginate_keyset(
    queryset: QuerySet[T],
    *,
    after: int | None,
    before: int | None = None,
    per_page: int = 20,
    order: str = "-id",
    fields: Sequence[str] = (),
) -> KeysetPage[Any]:
    """The page of ``queryset`` after cursor ``after`` (or before ``before``) in ``order``.

    ``order`` names a unique, indexed integer field, ``-`` for descending (newest first with
    ``-id``). A cursor is that field's value of the last (first) row shown. Any other ordering
    of ``queryset`` is replaced: keyset paging needs one total order.

    With ``fields`` (which must include the ``order`` field), the page's items are dictionaries
    of just those fields: for a busy public list, several times cheaper than model objects.
    """
    per_page = _clamp(per_page)
    descending = order.startswith("-")
    name = order.lstrip("-")
    # Comparisons that select, from a cursor, the cursor row with everything after it, or with
    # everything before it.
    from_cursor_on, up_to_cursor = ("lte", "gte") if descending else ("gte", "lte")
    reverse_order = name if descending else f"-{name}"

    if before is not None and after is None:
        # Read backwards from the cursor, then turn the rows the right way round.
        rows, has_next = await _read_from(
            queryset, name, (up_to_cursor, from_cursor_on), before, reverse_order, per_page, fields
        )
        has_previous = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
    elif after is not None:
        rows, has_previous = await _read_from(
            queryset, name, (from_cursor_on, up_to_cursor), after, order, per_page, fields
        )
        has_next = len(rows) > per_page
        items = rows[:per_page]
    else:
        rows = await _rows(queryset.order_by(order).limit(per_page + 1), fields)
        has_next, has_previous = len(rows) > per_page, False
        items = rows[:per_page]
    return KeysetPage(
        items=items,
        per_page=per_page,
        has_next=has_next,
        has_previous=has_previous,
        next_cursor=_field(items[-1], name) if items and has_next else None,
        previous_cursor=_field(items[0], name) if items and has_previous else None,
    )


async def _read_from(
    queryset: QuerySet[Any],
    name: str,
    ops: tuple[str, str],
    cursor: int,
    order: str,
    per_page: int,
    fields: Sequence[str],
) -> tuple[list[Any], bool]:
    """Up to ``per_page + 1`` rows past ``cursor`` in ``order``, and whether any row lies on the
    cursor's other side.

    ``ops`` are the comparisons for "the cursor row and what follows" and "the cursor row and what
    precedes". The read starts at the cursor row itself: while it exists (it was on the page the
    visitor came from) it answers the second question without another query.
    """
    with_cursor, far_side = ops
    window = queryset.filter(**{f"{name}__{with_cursor}": cursor})
    rows = await _rows(window.order_by(order).limit(per_page + 2), fields)
    if rows and _field(rows[0], name) == cursor:
        return rows[1:], True
    return rows[: per_page + 1], await _any(queryset, name, far_side, cursor)


async def _rows(queryset: QuerySet[Any], fields: Sequence[str]) -> list[Any]:
    return list(await (queryset.values(*fields) if fields else queryset))


def _field(item: Any, name: str) -> Any:
    return item[name] if isinstance(item, dict) else getattr(item, name)


async def _any(queryset: QuerySet[Any], name: str, op: str, cursor: int) -> bool:
    """Whether rows lie on the far side of ``cursor`` (one indexed probe, no count)."""
    return await queryset.filter(**{f"{name}__{op}": cursor}).exists()
