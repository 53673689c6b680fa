"""Who may use a route, declared next to it: the answers the authorisation matrix test expects.

Every route of the portal and of every plugin carries an :class:`Access` per HTTP method, put there
by :func:`declare_access`. ``tests/test_routes.py`` reads the router, so it covers a new route (and
every route of a plugin installed later) without being told: it signs in as each role, sends each
route a plain request and compares the status with the declaration; a route without one fails.
The same walk sends every parameter hostile values and fails on any 5xx.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from starlette.convertors import IntegerConvertor, register_url_convertor
from starlette.routing import BaseRoute, Mount, Route, Router

MAX_ID = 2**31 - 1
"""The largest id a database integer column holds (PostgreSQL's ``integer``)."""


class IdConvertor(IntegerConvertor):
    """``{name:int}`` in a route path: at most nine digits, so a number past any id column's
    range matches no route (404) instead of reaching the database."""

    regex = "[0-9]{1,9}"


def parse_id(text: str | None) -> int | None:
    """An id typed in a form or a query string, or ``None`` when it cannot be one: one to nine
    ASCII digits, like ``{name:int}`` in a path."""
    if text is None or not (0 < len(text) <= 9 and text.isascii() and text.isdigit()):
        return None
    return int(text)


# Replaces Starlette's unbounded "int" for every route built from now on, plugins' included.
register_url_convertor("int", IdConvertor())

Sample = Callable[[Any], Awaitable[dict[str, Any]]]
"""``async def sample(world) -> {"param": value}``: path parameter values for a route, made for the
test's world (``world.citizen`` owns what it makes; ``world.officer`` works in its department)."""

ROLES = ("anonymous", "citizen", "neighbour", "officer", "other_officer", "live_room", "admin")


@dataclass(frozen=True)
class Access:
    """The status each role gets for a plain request of a route: GET with no query, or POST with
    an empty form and a valid CSRF token.

    The roles of the test's world: ``anonymous``; ``citizen``, who owns what the route's
    ``sample`` made, and ``neighbour``, another citizen; ``officer``, an officer of the sample's
    department holding every permission that can be scoped to a department, and
    ``other_officer``, the same in another department; ``live_room``, an officer holding every
    permission that cannot (city-wide duties); ``admin``. ``None`` means "as ``citizen``" for
    ``neighbour`` and "as ``officer``" for ``other_officer`` and ``live_room``.
    """

    anonymous: int
    citizen: int
    officer: int
    admin: int
    neighbour: int | None = None
    other_officer: int | None = None
    live_room: int | None = None
    params: tuple[str, ...] = ()
    """The query parameters (GET) or form fields (POST) the route reads: the walk sends each of
    them hostile values."""
    sample: Sample | None = None
    """Makes the values of the route's path parameters; needed when the path has any."""

    def status(self, role: str) -> int:
        value = getattr(self, role)
        if value is None:
            value = self.citizen if role == "neighbour" else self.officer
        return value

    def but(self, **changes: Any) -> Access:
        """This declaration with some roles' statuses (or ``params``, ``sample``) changed."""
        return dataclasses.replace(self, **changes)

    EVERYONE: ClassVar[Access]
    """A public page."""
    SIGNED_IN: ClassVar[Access]
    """Any signed-in user; visitors are sent to sign in."""
    CITIZENS: ClassVar[Access]
    OFFICERS: ClassVar[Access]
    ADMINS: ClassVar[Access]


EVERYONE = Access.EVERYONE = Access(anonymous=200, citizen=200, officer=200, admin=200)
SIGNED_IN = Access.SIGNED_IN = Access(anonymous=303, citizen=200, officer=200, admin=200)
CITIZENS = Access.CITIZENS = Access(anonymous=303, citizen=200, officer=403, admin=403)
OFFICERS = Access.OFFICERS = Access(anonymous=303, citizen=403, officer=200, admin=200)
ADMINS = Access.ADMINS = Access(anonymous=303, citizen=403, officer=403, admin=200)

ATTRIBUTE = "declared_access"


def declare_access(route: Route, **by_method: Access) -> Route:
    """Declare who may use ``route``, one :class:`Access` per method (``GET=...``, ``POST=...``);
    returns the route, so the declaration sits where the route is listed."""
    unknown = set(by_method) - set(route.methods or ())
    if unknown:
        raise ValueError(f"{route.path} does not answer {', '.join(sorted(unknown))}")
    setattr(route, ATTRIBUTE, {m.upper(): a for m, a in by_method.items()})
    return route


def declared(route: Route) -> dict[str, Access]:
    return getattr(route, ATTRIBUTE, {})


def walk_routes(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, Route]]:
    """Every endpoint route under ``routes`` with its full path, through mounted routers and the
    gates plugins are mounted behind (static file mounts have no routes and are left out)."""
    for route in routes:
        if isinstance(route, Route):
            yield prefix + route.path, route
        elif isinstance(route, Mount):
            app = route.app
            while not isinstance(app, Router) and hasattr(app, "app"):
                app = app.app  # a plugin's router sits behind its PluginGate
            if isinstance(app, Router):
                yield from walk_routes(app.routes, prefix + route.path)


# -- samples of the host's own routes ------------------------------------------------------------


async def sample_user(world: Any) -> dict[str, Any]:
    """An account of its own, so what the admin does to it spares the world's roles."""
    from tangerang_live.models import User

    number = await User.all().count()
    user = await User.create(
        email=f"sample-{number}@example.org", full_name=f"Sample {number}", password_hash="!"
    )
    return {"user_id": user.id}


async def sample_grant(world: Any) -> dict[str, Any]:
    from tangerang_live.models import PermissionGrant

    params = await sample_user(world)
    grant = await PermissionGrant.create(user_id=params["user_id"], code="sample.permission")
    return {**params, "grant_id": grant.id}


async def sample_department(world: Any) -> dict[str, Any]:
    return {"department_id": world.spare_department.id}


async def sample_holiday(world: Any) -> dict[str, Any]:
    from datetime import date, timedelta

    from tangerang_live.service_models import PublicHoliday

    latest = await PublicHoliday.all().order_by("-date").first()
    day = latest.date + timedelta(days=1) if latest else date(2026, 12, 31)
    return {"holiday_id": (await PublicHoliday.create(date=day, name="Sample")).id}


async def sample_notification(world: Any) -> dict[str, Any]:
    from tangerang_live.service_models import Notification

    notification = await Notification.create(
        user=world.citizen, plugin="core", title="Sample", url="/"
    )
    return {"notification_id": notification.id}


async def sample_public_file(world: Any) -> dict[str, Any]:
    from tangerang_live.files import new_key, write_atomically
    from tangerang_live.service_models import StoredFile

    key, thumbnail = new_key(), new_key()
    write_atomically(key, b"sample")
    await StoredFile.create(
        key=key, owner="core", content_type="text/plain", size=6, width=0, height=0,
        thumbnail_key=thumbnail, public=True,
    )  # fmt: skip
    return {"key": key}


async def sample_plugin(world: Any) -> dict[str, Any]:
    """An installed plugin, one with settings when there is one; the test turns it back on after
    an admin switched it off."""
    return {"name": world.plugin}


async def sample_unknown_task(world: Any) -> dict[str, Any]:
    return {"name": "no-such.task"}
