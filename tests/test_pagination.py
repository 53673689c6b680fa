"""Pagination: keyset pages cover every row exactly once, numbered pages count right, links keep
the list's filters."""

from __future__ import annotations

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.requests import Request
from tangerang_live import OutboxMessage, cursor_param, page_param, paginate, paginate_keyset
from tangerang_live.service_models import OutboxStatus
from tangerang_live.testing import running_portal, text_of


@pytest_asyncio.fixture(scope="module")
async def portal(tmp_path_factory):
    async with running_portal(tmp_path_factory.mktemp("pagination")) as client:
        yield client


def request_for(query: str, path: str = "/laksa/reports") -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": query.encode(),
            "headers": [],
        }
    )


async def load_rows(ids: set[int], sent: set[int]) -> None:
    await OutboxMessage.all().delete()
    await OutboxMessage.bulk_create(
        [
            OutboxMessage(
                id=i,
                channel="email",
                recipient=f"warga{i}@example.org",
                status=OutboxStatus.SENT if i in sent else OutboxStatus.PENDING,
            )
            for i in ids
        ]
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.sets(st.integers(min_value=1, max_value=5000), max_size=45).flatmap(
        lambda ids: st.tuples(
            st.just(ids), st.sets(st.sampled_from(sorted(ids)) if ids else st.nothing())
        )
    ),
    per_page=st.integers(min_value=1, max_value=7),
    order=st.sampled_from(["-id", "id"]),
)
async def test_keyset_pages_cover_every_row_exactly_once_both_ways(portal, rows, per_page, order):
    ids, sent = rows
    await load_rows(ids, sent)
    queryset = OutboxMessage.filter(status=OutboxStatus.PENDING)
    expected = sorted(ids - sent, reverse=order == "-id")

    forward: list[list[int]] = []
    page = await paginate_keyset(queryset, after=None, per_page=per_page, order=order)
    assert not page.has_previous
    while True:
        assert len(page.items) <= per_page
        forward.append([m.id for m in page.items])
        if not page.has_next:
            break
        page = await paginate_keyset(
            queryset, after=page.next_cursor, per_page=per_page, order=order
        )
        assert page.has_previous
    assert [i for chunk in forward for i in chunk] == expected
    assert len(forward) == max(1, -(-len(expected) // per_page))
    assert all(len(chunk) == per_page for chunk in forward[:-1])

    # Walking back from the last page with "before" gives the same rows, never twice, none lost.
    backward = [forward[-1]]
    while page.has_previous:
        page = await paginate_keyset(
            queryset, after=None, before=page.previous_cursor, per_page=per_page, order=order
        )
        assert page.has_next
        backward.insert(0, [m.id for m in page.items])
    assert [i for chunk in backward for i in chunk] == expected
    assert backward[-1] == forward[-1] and backward[0] == expected[: len(backward[0])]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ids=st.sets(st.integers(min_value=1, max_value=60), max_size=30),
    cursor=st.integers(min_value=0, max_value=61),
    direction=st.sampled_from(["after", "before"]),
    per_page=st.integers(min_value=1, max_value=6),
    order=st.sampled_from(["-id", "id"]),
    as_dicts=st.booleans(),
)
async def test_a_page_from_any_cursor_holds_the_rows_next_to_it(
    portal, ids, cursor, direction, per_page, order, as_dicts
):
    """Cursors of rows that were deleted or never existed work too (the cursor row is read with
    the page when it exists, and probed for when it does not)."""
    await load_rows(ids, set())
    ordered = sorted(ids, reverse=order == "-id")

    def precedes(a: int, b: int) -> bool:
        return a > b if order == "-id" else a < b

    page = await paginate_keyset(
        OutboxMessage.all(),
        after=cursor if direction == "after" else None,
        before=cursor if direction == "before" else None,
        per_page=per_page,
        order=order,
        fields=("id", "recipient") if as_dicts else (),
    )
    shown = [m["id"] if as_dicts else m.id for m in page.items]
    if direction == "after":
        following = [i for i in ordered if precedes(cursor, i)]
        assert shown == following[:per_page]
        assert page.has_next == (len(following) > per_page)
        assert page.has_previous == any(not precedes(cursor, i) for i in ordered)
    else:
        preceding = [i for i in ordered if precedes(i, cursor)]
        assert shown == preceding[-per_page:] if preceding else shown == []
        assert page.has_previous == (len(preceding) > per_page)
        assert page.has_next == any(not precedes(i, cursor) for i in ordered)
    if as_dicts and page.items:
        assert page.items[0]["recipient"] == f"warga{shown[0]}@example.org"


async def test_keyset_links_keep_filters_and_swap_the_cursor(portal):
    await load_rows(set(range(1, 26)), set())
    request = request_for("status=pending&status=verified&q=lampu+jalan&after=21")
    page = await paginate_keyset(
        OutboxMessage.all(), after=cursor_param(request, "after"), per_page=5
    )
    assert [m.id for m in page.items] == [20, 19, 18, 17, 16]
    assert page.next_url(request) == (
        "/laksa/reports?status=pending&status=verified&q=lampu+jalan&after=16"
    )
    assert page.previous_url(request) == (
        "/laksa/reports?status=pending&status=verified&q=lampu+jalan&before=20"
    )


async def test_numbered_pages_count_and_clamp(portal):
    await load_rows(set(range(1, 48)), set())
    queryset = OutboxMessage.all().order_by("id")
    first = await paginate(queryset, page=1, per_page=10)
    assert (first.total, first.pages, first.has_previous, first.has_next) == (47, 5, False, True)
    assert [m.id for m in first.items] == list(range(1, 11))
    last = await paginate(queryset, page=99, per_page=10)
    assert (last.number, [m.id for m in last.items]) == (5, list(range(41, 48)))
    assert not last.has_next and last.previous_page == 4
    request = request_for("page=99&kecamatan=Ciledug")
    assert last.previous_url(request) == "/laksa/reports?kecamatan=Ciledug&page=4"
    await OutboxMessage.all().delete()
    empty = await paginate(queryset, page=3)
    assert (empty.items, empty.number, empty.pages, empty.has_next) == ([], 1, 1, False)


@pytest.mark.parametrize(
    ("query", "page", "after"),
    [
        ("page=3&after=120", 3, 120),
        ("page=-2&after=x", 1, None),
        ("page=abc&after=", 1, None),
        ("page=99999999999&after=99999999999999999999", 1, None),
    ],
)
def test_query_parameters_are_read_safely(query, page, after):
    request = request_for(query)
    assert page_param(request) == page
    assert cursor_param(request, "after") == after


async def test_the_pager_macro_renders_accessible_links(portal):
    await load_rows(set(range(1, 31)), set())
    request = request_for("page=2&q=<b>")
    page = await paginate(OutboxMessage.all().order_by("id"), page=2, per_page=10)
    env = portal.portal.templates.environment("default")
    html = env.from_string(
        '{% from "core/_pagination.html" import pager %}{{ pager(page, request) }}'
    ).render(page=page, request=request)
    assert '<nav class="pager" aria-label=' in html
    assert 'href="/laksa/reports?q=%3Cb%3E&amp;page=1" rel="prev"' in html
    assert 'href="/laksa/reports?q=%3Cb%3E&amp;page=3" rel="next"' in html
    assert "2" in text_of(html) and "3" in text_of(html)
    single = await paginate(OutboxMessage.all(), page=1, per_page=50)
    alone = env.from_string(
        '{% from "core/_pagination.html" import pager %}{{ pager(page, request) }}'
    ).render(page=single, request=request)
    assert alone.strip() == ""  # one page: no pager at all
