"""Security of accounts: who may open what, sign-in limits, sessions, cookies, headers, CSRF.

This module is also a tiny plugin (``queue_fixture``): a department work queue guarded by
``require_permission(..., department_param=...)``, the way LAKSA guards its queues.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import logging
import os
import re
from contextlib import asynccontextmanager
from importlib.metadata import EntryPoint
from itertools import chain, combinations
from pathlib import Path

import httpx
import itsdangerous
import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from tangerang_live import (
    LocalizedText,
    Manifest,
    Permission,
    ensure_officer,
    has_permission,
    hookimpl,
    permitted_departments,
    require_permission,
)
from tangerang_live.app import SESSION_COOKIE, create_app, model_apps
from tangerang_live.auth import AccountThrottle
from tangerang_live.db import migrate
from tangerang_live.models import AuditEntry, Department, PermissionGrant, Role, User
from tangerang_live.settings import Settings, SettingsError
from tangerang_live.testing import PortalClient, create_user, running_portal, throwaway_database

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
REPO = Path(__file__).resolve().parents[1]
QUEUE_PLUGIN = [EntryPoint(name="queue_fixture", value=__name__, group="tangerang_live")]
PASSWORD = "sandi-yang-cukup-panjang"


@require_permission("queue_fixture.handle", department_param="department")
async def department_queue(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"queue of {request.state.department.code}")


@hookimpl
def manifest() -> Manifest:
    return Manifest(
        name="queue_fixture",
        title=LocalizedText("Antrean", "Queue"),
        description=LocalizedText("Antrean kerja OPD", "Department work queue"),
        url_prefix="/queue",
    )


@hookimpl
def routes() -> list[Route]:
    return [Route("/{department}/", department_queue)]


@hookimpl
def permissions() -> list[Permission]:
    return [Permission("queue_fixture.handle", LocalizedText("Tangani antrean", "Handle queue"))]


# -- who may open what ---------------------------------------------------------------------------


def admin_requests(app) -> list[tuple[str, str]]:
    """Every (method, path) under /admin, path parameters filled with 1."""
    found = []
    for route in app.routes:
        path = getattr(route, "path", "")
        if path.startswith("/admin"):
            concrete = re.sub(r"\{[^}]+\}", "1", path)
            found += [(method, concrete) for method in sorted(route.methods - {"HEAD"})]
    return found


async def test_no_admin_page_opens_for_citizens_officers_or_strangers(tmp_path):
    async with running_portal(tmp_path) as client:
        requests = admin_requests(client.app)
        assert len(requests) >= 18  # users, departments, officers, themes, audit, plugins…
        for method, path in requests:
            response = await client.request(method, path)
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login?next=")
        for role in (Role.CITIZEN, Role.OFFICER):
            await create_user(f"{role}@contoh.id", PASSWORD, role=role)
            await client.sign_in(f"{role}@contoh.id", PASSWORD)
            for method, path in requests:
                response = await client.request(method, path)
                assert response.status_code == 403, (role, method, path)
            await client.post("/logout")


async def test_an_officer_opens_only_the_queues_of_the_departments_granted(tmp_path):
    async with running_portal(tmp_path, enable=["queue_fixture"], entry_points=QUEUE_PLUGIN) as c:
        await ensure_officer(
            "pupr@tangerangkota.go.id",
            "Petugas PUPR",
            departments=["pupr"],
            permissions=["queue_fixture.handle"],
            password=PASSWORD,
        )
        await c.sign_in("pupr@tangerangkota.go.id", PASSWORD)
        assert (await c.get("/queue/pupr/")).text == "queue of pupr"
        assert (await c.get("/queue/dishub/")).status_code == 403
        assert (await c.get("/queue/tidak-ada/")).status_code == 404
        await c.post("/logout")

        await create_user("warga@contoh.id", PASSWORD)
        await c.sign_in("warga@contoh.id", PASSWORD)
        assert (await c.get("/queue/pupr/")).status_code == 403

        await ensure_officer(
            "kominfo@tangerangkota.go.id",
            "Petugas Kominfo",
            permissions=["queue_fixture.handle"],  # no departments: every department
            password=PASSWORD,
        )
        await c.sign_in("kominfo@tangerangkota.go.id", PASSWORD)
        assert (await c.get("/queue/dishub/")).status_code == 200


# -- sign-in rate limits -------------------------------------------------------------------------


async def attempt(client: PortalClient, login: str, password: str) -> httpx.Response:
    return await client.post("/login", data={"email": login, "password": password})


async def client_at(client: PortalClient, address: str) -> PortalClient:
    """Another browser on the same portal, connecting from ``address``."""
    transport = httpx.ASGITransport(app=client.app, client=(address, 50000))
    other = PortalClient(transport=transport, base_url="http://testserver")
    other.app = client.app
    return other


async def test_failures_make_that_address_wait_longer_and_longer_but_not_the_owner(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD, phone="+6285712345678")
        await create_user("siti@contoh.id", PASSWORD)
        for _ in range(3):
            assert (await attempt(client, "budi@contoh.id", "tebakan")).status_code == 400
        waiting = await attempt(client, "budi@contoh.id", PASSWORD)
        assert waiting.status_code == 429
        assert "Terlalu banyak percobaan gagal" in waiting.text
        assert await AuditEntry.filter(action="login.failed").count() == 3
        assert await AuditEntry.exists(action="login.throttled", target="budi@contoh.id")
        throttle = client.app.state.account_throttle
        first_wait = await throttle.retry_after("budi@contoh.id", "127.0.0.1")
        assert 0 < first_wait <= 60
        # Later failures (the minute's window passed) meet the next, longer step.
        for _ in range(3):
            await throttle.failed("budi@contoh.id", "127.0.0.1")
        assert await throttle.retry_after("budi@contoh.id", "127.0.0.1") > 60
        # Another account from the same address is not held up by budi's failures...
        assert (await attempt(client, "siti@contoh.id", PASSWORD)).status_code == 303
        # ...and budi, at home on another connection, signs in at once.
        owner = await client_at(client, "203.0.113.7")
        assert (await attempt(owner, "budi@contoh.id", PASSWORD)).status_code == 303
        await owner.aclose()


async def test_every_spelling_of_a_phone_number_counts_as_one_account(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD, phone="+6285712345678")
        for spelling in ("0857-1234-5678", "+62 857 1234 5678", "6285712345678"):
            assert (await attempt(client, spelling, "tebakan")).status_code == 400
        assert (await attempt(client, "085712345678", PASSWORD)).status_code == 429
        assert (await attempt(client, "BUDI@contoh.id", "x")).status_code == 400
        assert (await attempt(client, "budi@CONTOH.id", "x")).status_code == 400
        assert (await attempt(client, "budi@contoh.id", "x")).status_code == 400
        assert (await attempt(client, "Budi@Contoh.ID", PASSWORD)).status_code == 429


async def test_guessers_on_many_addresses_slow_the_account_by_a_minute_at_most(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD)
        throttle = client.app.state.account_throttle
        for n in range(AccountThrottle.PER_ACCOUNT.amount):
            await throttle.failed("budi@contoh.id", f"198.51.100.{n}")
        wait = await throttle.retry_after("budi@contoh.id", "203.0.113.7")
        assert 0 < wait <= 60


async def test_a_successful_sign_in_forgives_earlier_failures_of_the_account(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD)
        for _ in range(2):
            await attempt(client, "budi@contoh.id", "tebakan")
        assert (await attempt(client, "budi@contoh.id", PASSWORD)).status_code == 303
        await client.post("/logout")
        for _ in range(2):
            await attempt(client, "budi@contoh.id", "tebakan")
        assert (await attempt(client, "budi@contoh.id", PASSWORD)).status_code == 303


async def test_one_address_guessing_many_accounts_is_stopped(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD)
        for n in range(AccountThrottle.PER_ADDRESS.amount):
            await attempt(client, f"orang{n}@contoh.id", "tebakan")
        assert (await attempt(client, "budi@contoh.id", PASSWORD)).status_code == 429


async def test_with_redis_the_limit_is_shared_by_every_worker(tmp_path):
    first = AccountThrottle(REDIS_URL, namespace=str(tmp_path))
    second = AccountThrottle(REDIS_URL, namespace=str(tmp_path))  # another worker, same portal
    elsewhere = AccountThrottle(REDIS_URL, namespace=str(tmp_path) + "-other-portal")
    for _ in range(AccountThrottle.PER_PAIR[0].amount):
        await first.failed("budi@contoh.id", "10.0.0.1")
    assert await second.retry_after("budi@contoh.id", "10.0.0.1") > 0
    assert await elsewhere.retry_after("budi@contoh.id", "10.0.0.1") == 0
    await second.succeeded("budi@contoh.id", "10.0.0.1")
    assert await first.retry_after("budi@contoh.id", "10.0.0.1") == 0


async def test_sign_in_over_http_with_redis_counters(tmp_path):
    async with running_portal(tmp_path, redis_url=REDIS_URL) as client:
        await create_user("budi@contoh.id", PASSWORD)
        for _ in range(AccountThrottle.PER_PAIR[0].amount):
            await attempt(client, "budi@contoh.id", "tebakan")
        assert (await attempt(client, "budi@contoh.id", PASSWORD)).status_code == 429


# -- sessions and cookies ------------------------------------------------------------------------


def session_of(cookie: str, secret: str) -> dict:
    payload = itsdangerous.TimestampSigner(secret).unsign(cookie.encode())
    return json.loads(base64.b64decode(payload))


async def test_signing_in_starts_a_fresh_session(tmp_path):
    async with running_portal(tmp_path) as client:
        user = await create_user("budi@contoh.id", PASSWORD)
        secret = client.portal.settings.signing_key
        planted = {"uid": 999, "planted": "by an attacker"}
        signed = itsdangerous.TimestampSigner(secret).sign(
            base64.b64encode(json.dumps(planted).encode())
        )
        client.cookies.set(SESSION_COOKIE, signed.decode(), domain="testserver.local")
        await client.sign_in("budi@contoh.id", PASSWORD)
        assert session_of(client.cookies[SESSION_COOKIE], secret) == {"uid": user.id, "epoch": 0}


@asynccontextmanager
async def production_portal(tmp_path: Path):
    async with throwaway_database(tmp_path) as url:
        settings = Settings(
            env="production", database_url=url, var_dir=tmp_path, secret_key="s" * 40
        )
        app = create_app(settings)
        await migrate(settings, model_apps(app.state.portal.registry))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with PortalClient(transport=transport, base_url="https://portal.test") as client:
                client.app = app
                yield client


async def test_over_https_in_production_cookies_are_secure_httponly_and_same_site(tmp_path):
    async with production_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD)
        response = await attempt(client, "budi@contoh.id", PASSWORD)
        assert response.status_code == 303
        cookies = {c.split("=", 1)[0]: c.lower() for c in response.headers.get_list("set-cookie")}
        session = cookies[SESSION_COOKIE]
        assert "secure" in session and "httponly" in session and "samesite=lax" in session
        assert "secure" in cookies["lang"]
        csrf = (await client.get("/login")).headers.get_list("set-cookie")
        assert all("secure" in c.lower() for c in csrf if c.startswith("csrftoken="))


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings(env="production", var_dir=tmp_path)


def test_in_development_a_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    first = Settings(env="development", var_dir=tmp_path).signing_key
    assert len(first) >= 40
    assert Settings(env="development", var_dir=tmp_path).signing_key == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


# -- headers, CSRF and templates -----------------------------------------------------------------


async def test_every_page_sends_the_security_headers(tmp_path):
    async with running_portal(tmp_path) as client:
        for path in ["/", "/login", "/register", "/admin/users", "/tidak-ada"]:
            headers = (await client.get(path)).headers
            csp = headers["content-security-policy"]
            assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, path
            assert "frame-ancestors 'none'" in csp, path
            assert headers["x-content-type-options"] == "nosniff", path
            assert headers["referrer-policy"] == "strict-origin-when-cross-origin", path


@pytest.mark.parametrize(
    "path",
    ["/register", "/login", "/account", "/account/password", "/language", "/admin/themes"],
)
async def test_forms_without_the_csrf_token_are_refused(tmp_path, path):
    async with running_portal(tmp_path) as client:
        await client.get("/login")  # the browser holds a csrftoken cookie, the forger does not
        response = await client.post_without_csrf_token(path, data={"theme": "kontras"})
        assert response.status_code == 403


def test_no_template_has_inline_script_or_style():
    """The CSP would block them in the browser; catch them here instead."""
    templates = [
        *REPO.glob("core/tangerang_live/templates/**/*.html"),
        *REPO.glob("themes/*/templates/**/*.html"),
    ]
    assert templates
    for template in templates:
        html = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), template
        assert not re.search(r"\sstyle=", html), template
        assert not re.search(r"\son[a-z]+=", html), template


async def test_permission_checks_agree_with_the_grants_for_every_combination(tmp_path):
    """Exhaustive over grants for {pupr, dishub, all}: has_permission and permitted_departments
    admit exactly the departments granted, and never another permission's."""
    async with running_portal(tmp_path):
        pupr, dishub, dlh = [await Department.get(code=c) for c in ("pupr", "dishub", "dlh")]
        scopes = [pupr, dishub, None]
        officer = await create_user("petugas@contoh.id", role=Role.OFFICER)
        citizen = await create_user("warga@contoh.id")
        await PermissionGrant.create(user=officer, code="other.permission", department=None)
        for granted in chain.from_iterable(combinations(scopes, n) for n in range(4)):
            await PermissionGrant.filter(user=officer, code="queue.handle").delete()
            for scope in granted:
                await PermissionGrant.create(user=officer, code="queue.handle", department=scope)
            everywhere = None in granted
            for department in (pupr, dishub, dlh):
                expected = everywhere or department in granted
                assert await has_permission(officer, "queue.handle", department) is expected
                assert not await has_permission(citizen, "queue.handle", department)
            assert await has_permission(officer, "queue.handle") is bool(granted)
            allowed = await permitted_departments(officer, "queue.handle")
            if everywhere:
                assert allowed is None
            else:
                assert {d.code for d in allowed} == {d.code for d in granted}


async def test_one_address_cannot_create_accounts_without_end(tmp_path):
    async with running_portal(tmp_path) as client:
        limit = AccountThrottle.REGISTRATIONS_PER_ADDRESS.amount
        throttle = client.app.state.account_throttle
        for _ in range(limit - 1):
            await throttle.registration_attempted("127.0.0.1")
        form = {
            "full_name": "Siti Rahmawati",
            "nik": "3671015708950003",
            "email": "siti@contoh.id",
            "phone": "081234567890",
            "password": "Kali Pasir di pagi hari",
            "password_again": "Kali Pasir di pagi hari",
        }
        assert (await client.post("/register", data=form)).status_code == 303
        await client.post("/logout")
        refused = await client.post(
            "/register", data={**form, "nik": "3671010101900001", "email": "b@contoh.id"}
        )
        assert refused.status_code == 429
        assert "Terlalu banyak pendaftaran" in refused.text
        assert 'value="b@contoh.id"' in refused.text
        assert not await User.exists(email="b@contoh.id")


async def test_trying_which_niks_are_registered_stops_soon(tmp_path):
    """A refusal says a NIK is taken; an address gets only so many refusals an hour."""
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD, nik="3671011203850001")
        limit = AccountThrottle.REGISTRATIONS_PER_ADDRESS.amount
        form = {
            "full_name": "Penebak", "nik": "3671011203850001", "email": "tebak@contoh.id",
            "password": "Kali Pasir di pagi hari", "password_again": "Kali Pasir di pagi hari",
        }  # fmt: skip
        statuses = [(await client.post("/register", data=form)).status_code for _ in range(limit)]
        assert set(statuses) == {400}
        assert (await client.post("/register", data=form)).status_code == 429


# -- sessions: forged sign-ins, logging out, token rotation, production headers ------------------


@pytest.mark.parametrize("path", ["/register", "/login", "/language", "/laksa/new"])
async def test_a_form_posted_with_no_cookies_at_all_is_refused(tmp_path, path):
    """A forged cross-site sign-in or registration carries no cookies: it is refused anyway."""
    async with running_portal(tmp_path, enable=["laksa"]) as client:
        form = {
            "full_name": "Penyerang",
            "nik": "3671011203850001",
            "email": "penyerang@contoh.id",
            "password": PASSWORD,
            "password_again": PASSWORD,
        }
        response = await client.post_without_csrf_token(path, data=form)
        assert response.status_code == 403
        assert not await User.exists(email="penyerang@contoh.id")


async def test_a_session_cookie_copied_before_logging_out_no_longer_works(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD)
        await client.sign_in("budi@contoh.id", PASSWORD)
        captured = client.cookies[SESSION_COOKIE]
        assert (await client.get("/account")).status_code == 200
        assert (await client.post("/logout")).status_code == 303
        client.cookies.set(SESSION_COOKIE, captured, domain="testserver.local")
        replayed = await client.get("/account")
        assert replayed.status_code == 303 and replayed.headers["location"].startswith("/login")


async def test_the_csrf_token_changes_when_signing_in(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD)
        await client.get("/login")
        before = client.cookies["csrftoken"]
        await client.sign_in("budi@contoh.id", PASSWORD)
        assert "csrftoken" not in client.cookies
        await client.get("/account")
        assert client.cookies["csrftoken"] != before
        # The old token no longer passes with the new cookie.
        stale = await client.post_without_csrf_token(
            "/language", data={"lang": "en", "csrftoken": before}
        )
        assert stale.status_code == 403


async def test_production_adds_hsts_permissions_policy_and_no_store_for_sessions(tmp_path):
    async with production_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD)
        anonymous = await client.get("/")
        assert anonymous.headers["strict-transport-security"].startswith("max-age=31536000")
        assert "camera=()" in anonymous.headers["permissions-policy"]
        assert "no-store" not in anonymous.headers.get("cache-control", "")
        await client.sign_in("budi@contoh.id", PASSWORD)
        assert (await client.get("/account")).headers["cache-control"] == "no-store"
        static = await client.get("/static/core/core/js/map.js")
        assert static.status_code == 200, static.status_code
        assert "no-store" not in static.headers.get("cache-control", "")


async def test_outside_production_no_hsts_is_sent(tmp_path):
    async with running_portal(tmp_path) as client:
        assert "strict-transport-security" not in (await client.get("/")).headers


async def test_password_hashing_never_holds_the_event_loop(tmp_path, monkeypatch):
    """Twenty sign-ins at once: every argon2 check runs in a worker thread, never on the event
    loop's, and /healthz answers while they are under way."""
    import threading

    from tangerang_live import auth

    real_verify = auth.verify_password
    threads: list[threading.Thread] = []

    def recording_verify(password_hash, password):
        threads.append(threading.current_thread())
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", recording_verify)
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", PASSWORD)
        await client.get("/login")
        loop_thread = threading.current_thread()

        async def sign_in_once() -> int:
            form = {"email": "budi@contoh.id", "password": PASSWORD}
            return (await client.post("/login", data=form)).status_code

        async def health() -> int:
            await asyncio.sleep(0)
            return (await client.get("/healthz")).status_code

        *signed, healthy = await asyncio.gather(*(sign_in_once() for _ in range(20)), health())
        assert signed == [303] * 20 and healthy == 200
        assert len(threads) == 20 and loop_thread not in threads


async def test_forgiving_failures_while_old_ones_expire_leaves_no_error_behind(caplog):
    """The in-memory counters prune expired hits in a background task while sign-ins succeed
    and clear theirs: no pruning may fail on a cleared key (asyncio would log its error
    whenever the task is collected, at any later moment)."""
    throttle = AccountThrottle()
    accounts = [f"warga{i}@contoh.id" for i in range(60)]

    async def sign_ins(account: str) -> None:
        for _ in range(20):
            await throttle.failed(account, "10.0.0.1")
            await asyncio.sleep(0)  # other requests run in between, as they do in a server
            await throttle.succeeded(account, "10.0.0.1")

    with caplog.at_level(logging.ERROR, logger="asyncio"):
        await asyncio.gather(*(sign_ins(account) for account in accounts))
        storage = throttle.limiter.storage
        if storage.timer is not None:
            await asyncio.wait([storage.timer])
            assert storage.timer.exception() is None
        gc.collect()
        await asyncio.sleep(0)
    assert "never retrieved" not in caplog.text
