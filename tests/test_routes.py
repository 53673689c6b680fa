"""Every route of the portal, read from the router (so a new route, or a plugin installed later, is
covered without touching this file), checked three ways with every installed plugin enabled:

- the authorisation matrix: each role gets the status the route's ``declare_access`` promises,
  and a route without a declaration fails;
- hostile input: each path parameter, query parameter and form field gets values past every range
  and encoding, as each role; no answer may be a 5xx;
- a crawl as one citizen through every answer (pages, htmx fragments, error pages) looking for
  what only another citizen may read.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from starlette.routing import Route
from tangerang_live import Department, Role, User
from tangerang_live.models import PermissionGrant
from tangerang_live.route_access import ROLES, Access, declared, walk_routes
from tangerang_live.testing import PortalClient, create_user, running_portal

PASSWORD = "sandi-yang-cukup-panjang"
HOSTILE = [
    "",
    "99999999999999999999",
    "2147483648",
    "-1",
    "inf",
    "0001-01-01",
    "a\x00b",
    "x" * 300,
    "'\"<script>%;--\u202e\ud7ff",
]
"""Values past every column's range, non-numbers where numbers go, impossible dates, null bytes
(PostgreSQL refuses them in text), over-long and odd text."""
HOSTILE_PATH = ["99999999999999999999", "%00", "x" * 300, "%C3%28"]
MALFORMED_BODIES = [
    ("multipart/form-data", b"--x\r\nnot really multipart"),
    ("multipart/form-data; boundary=", b"--\r\n"),
    ("application/x-www-form-urlencoded", b"name=%ff%fe&\xff\xfe=\xc3\x28"),
    ("application/x-www-form-urlencoded", b"a=%00&b=\x00"),
    ("application/json", b'{"not": "a form"'),
]
NULL_BYTE = "a\x00b"


def _multipart_with_null_bytes(params: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """Multipart forms as a browser sends them, one with a null byte in every text field, one with
    a null byte in the name of a file sent in every field (PostgreSQL refuses the byte in text)."""
    boundary = "hostile-boundary"
    forms = []
    for filename in (None, NULL_BYTE + ".jpg"):
        body = b""
        for name in params or ("field",):
            disposition = f'form-data; name="{name}"'
            if filename is not None:
                disposition += f'; filename="{filename}"\r\nContent-Type: image/jpeg'
            value = b"\xff\xd8\xff" if filename is not None else NULL_BYTE.encode()
            body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
            body += value + b"\r\n"
        forms.append(
            (f"multipart/form-data; boundary={boundary}", body + f"--{boundary}--\r\n".encode())
        )
    return forms


@dataclass
class World:
    """The people of the matrix (see ``Access``) and the departments they work in."""

    citizen: User
    neighbour: User
    officer: User
    other_officer: User
    live_room: User
    admin: User
    department: Department
    other_department: Department
    spare_department: Department
    plugin: str
    clients: dict[str, PortalClient] = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


def _client(app: Any, number: int) -> PortalClient:
    # Each role browses from an address of its own, so no role's failed sign-ins (the hostile
    # walk sends many) throttle another's.
    # Server errors come back as the 500 page a browser would get, so one run lists them all.
    transport = httpx.ASGITransport(
        app=app, raise_app_exceptions=False, client=(f"198.51.100.{number}", 40000 + number)
    )
    client = PortalClient(transport=transport, base_url="http://testserver")
    client.app = app
    return client


async def _sign_in(world: World, role: str) -> None:
    user = world.user(role)
    if user is not None:
        await world.clients[role].sign_in(user.email, PASSWORD)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with running_portal(tmp_path) as client:
        registry = client.portal.registry
        plugins = [r.name for r in registry.loaded()]
        for name in plugins:
            await registry.set_enabled(name, True, actor=None, actor_label="test")
        declared_permissions = await registry.collect("permissions", plugins=plugins)
        with_settings = [
            n for n, items in await registry.call("settings", plugins=plugins) if items
        ]
        departmental = [p.code for p in declared_permissions if "department" in p.scopes]
        city_wide = [p.code for p in declared_permissions if "department" not in p.scopes]
        pupr, dishub, dlh, kominfo = [
            await Department.get(code=c) for c in ("pupr", "dishub", "dlh", "diskominfo")
        ]
        officers = {}
        for role, department, codes in (
            ("officer", pupr, departmental),
            ("other_officer", dishub, departmental),
            ("live_room", kominfo, city_wide),
        ):
            officer = await create_user(f"{role}@kota.example", PASSWORD, role=Role.OFFICER)
            await department.members.add(officer)
            for code in codes:
                await PermissionGrant.create(user=officer, code=code, department=department)
            officers[role] = officer
        world = World(
            citizen=await create_user("citizen@warga.example", PASSWORD),
            neighbour=await create_user("neighbour@warga.example", PASSWORD),
            admin=await create_user("admin@kota.example", PASSWORD, role=Role.ADMIN),
            department=pupr,
            other_department=dishub,
            spare_department=dlh,
            plugin=(with_settings or plugins or [""])[0],
            **officers,
        )
        for number, role in enumerate(ROLES, start=1):
            world.clients[role] = _client(client.app, number)
            await _sign_in(world, role)
        try:
            yield world
        finally:
            for role_client in world.clients.values():
                await role_client.aclose()


def _routes(world: World) -> list[tuple[str, Route, str]]:
    """(path, route, method) for every endpoint in the router."""
    app = world.clients["anonymous"].app
    found = []
    for path, route in walk_routes(app.router.routes):
        for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
            found.append((path, route, method))
    return found


def _path(template: str, values: dict[str, Any]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise AssertionError(f"{template}: the sample gives no value for {{{name}}}")
        value = str(values[name])
        return value if value.startswith("%") else quote(value, safe="")

    return re.sub(r"{(\w+)(?::\w+)?}", fill, template)


def _path_params(template: str) -> list[str]:
    return re.findall(r"{(\w+)(?::\w+)?}", template)


async def _sample(world: World, access: Access) -> dict[str, Any]:
    return await access.sample(world) if access.sample else {}


async def _send(
    world: World,
    role: str,
    method: str,
    url: str,
    *,
    data: dict[str, str] | None = None,
    content: tuple[str, bytes] | None = None,
    htmx: bool = False,
) -> httpx.Response:
    client = world.clients[role]
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "GET":
        response = await client.get(url, headers=headers)
    elif content is not None:
        headers["content-type"] = content[0]
        response = await client.request(method, url, content=content[1], headers=headers)
    else:
        response = await client.request(method, url, data=data or {}, headers=headers)
    if method != "GET":
        await _restore(world, role)
    return response


async def _restore(world: World, role: str) -> None:
    """Undo what a POST may have done to the world itself: a signed-out role signs in again, a
    switched-off plugin is switched on."""
    client = world.clients[role]
    if role != "anonymous" and "tl_session" not in client.cookies:
        await _sign_in(world, role)
    registry = client.portal.registry
    for record in registry.loaded():
        if not registry.is_enabled(record.name):
            await registry.set_enabled(record.name, True, actor=None, actor_label="test")


async def test_every_route_declares_who_may_use_it(world):
    missing = [
        f"{method} {path}"
        for path, route, method in _routes(world)
        if method not in declared(route)
    ]
    assert not missing, "routes without declare_access: " + ", ".join(missing)
    assert any(path.startswith("/laksa/") for path, _r, _m in _routes(world)), "plugins walked"


async def test_each_role_gets_the_declared_answer(world):
    wrong = []
    for path, route, method in _routes(world):
        access = declared(route)[method]
        for role in ROLES:
            url = _path(path, await _sample(world, access))
            response = await _send(world, role, method, url)
            if response.status_code != access.status(role):
                wrong.append(
                    f"{method} {url} as {role}: {response.status_code}, "
                    f"declared {access.status(role)}"
                )
    assert not wrong, "\n".join(wrong)


def _allowed(access: Access, role: str) -> bool:
    return access.status(role) not in (303, 401, 403)


async def test_no_input_gives_a_server_error(world):
    failures = []

    def check(response: httpx.Response, role: str, what: str) -> None:
        if response.status_code >= 500:
            failures.append(f"{method} {path} {what} as {role}: {response.status_code}")

    for path, route, method in _routes(world):
        access = declared(route)[method]
        valid = await _sample(world, access)
        url = _path(path, valid)
        for role in ROLES:
            # A role the route refuses is refused before any parsing: one try is enough.
            allowed = _allowed(access, role)
            for value in HOSTILE if allowed else HOSTILE[1:2]:
                if method == "GET":
                    query = "&".join(f"{quote(k)}={quote(value)}" for k in access.params)
                    target = f"{url}?{query}" if query else url
                    check(await _send(world, role, method, target), role, f"query={value[:20]!r}")
                else:
                    fields = dict.fromkeys(access.params, value)
                    response = await _send(world, role, method, url, data=fields)
                    check(response, role, f"form={value[:20]!r}")
            for name in _path_params(path) if allowed else []:
                for value in HOSTILE_PATH:
                    target = _path(path, {**valid, name: value})
                    check(await _send(world, role, method, target), role, f"{name}={value[:20]!r}")
            if method == "POST" and allowed:
                for content in MALFORMED_BODIES + _multipart_with_null_bytes(access.params):
                    response = await _send(world, role, method, url, content=content)
                    check(response, role, f"body={content[0]!r} {content[1][:20]!r}")
    assert not failures, "\n".join(failures)


async def test_a_citizen_never_reads_what_only_another_may(world):
    """The neighbour opens every route, made for the citizen's samples, plainly and as htmx, and
    follows every link of every page; whatever a sample marks ``private_text`` must not show."""
    secrets: set[str] = set()
    seen: dict[str, str] = {}
    queue: list[str] = []
    for path, route, method in _routes(world):
        access = declared(route)[method]
        sample = await _sample(world, access)
        secrets.update(sample.get("private_text", ()))
        url = _path(path, sample)
        for htmx in (False, True):
            response = await _send(world, "neighbour", method, url, htmx=htmx)
            seen[f"{method} {url} htmx={htmx}"] = response.text
        if method == "POST":
            fields = dict.fromkeys(access.params, "9")
            response = await _send(world, "neighbour", method, url, data=fields)
            seen[f"{method} {url} with values"] = response.text
        else:
            queue.append(url)
    assert secrets, "no sample marks private text"
    links = re.compile(r'(?:href|hx-get|src)="(/[^"#]*)"')
    while queue and len(seen) < 1500:
        url = queue.pop(0).replace("&amp;", "&")
        if url in seen or url.startswith(("/static/", "/logout")):
            continue
        response = await _send(world, "neighbour", "GET", url)
        seen[url] = response.text
        queue += links.findall(response.text)
    for where, text in seen.items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} shown to another citizen on {where}"
