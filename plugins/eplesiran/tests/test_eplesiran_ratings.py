"""Ratings and favourites under concurrency: one rating per citizen and attraction, totals that
count every committed rating once, one favourite however often it is kept. Runs on SQLite and,
with PORTAL_TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import asyncio

from conftest import People
from eplesiran import services
from eplesiran.models import Favourite, Place, Rating
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tangerang_live.testing import PortalClient, create_user

CITIZENS = 4


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.tuples(st.integers(0, CITIZENS - 1), st.integers(1, 5)), min_size=1, max_size=25)
)
async def test_concurrent_ratings_count_each_citizen_once(client: PortalClient, ratings) -> None:
    citizens = [
        await create_user(f"warga{i}@rating.example", "rahasia-yang-panjang")
        for i in range(CITIZENS)
    ]
    park = await Place.create(
        category="park", name="Taman Potret", latitude=-6.176, longitude=106.6355
    )
    await asyncio.gather(*(services.rate(park, citizens[who], stars) for who, stars in ratings))
    stored = {r.user_id: r.stars for r in await Rating.filter(place_id=park.id)}
    sent: dict[int, set[int]] = {}
    for who, stars in ratings:
        sent.setdefault(citizens[who].id, set()).add(stars)
    assert set(stored) == set(sent)
    assert all(stored[user] in sent[user] for user in stored)
    await park.refresh_from_db()
    assert (park.rating_total, park.rating_count) == (sum(stored.values()), len(stored))
    await Rating.all().delete()
    await Place.all().delete()
    for citizen in citizens:
        await citizen.delete()


async def test_a_favourite_kept_many_times_at_once_is_one(
    client: PortalClient, people: People
) -> None:
    park = await Place.create(
        category="park", name="Situ Cipondoh", latitude=-6.185, longitude=106.679
    )
    await asyncio.gather(*(services.set_favourite(park, people.citizen, True) for _ in range(10)))
    assert await Favourite.filter(place_id=park.id, user_id=people.citizen.id).count() == 1
    await asyncio.gather(
        services.set_favourite(park, people.citizen, False),
        services.set_favourite(park, people.neighbour, True),
    )
    assert await Favourite.filter(place_id=park.id).values_list("user_id", flat=True) == [
        people.neighbour.id
    ]
