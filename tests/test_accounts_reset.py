"""A citizen who forgot their password sets a new one with a code sent to their email, without an
admin, and without the pages telling a stranger which accounts exist."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sms_gateway import sms_gateway
from tangerang_live.accounts import FormErrors
from tangerang_live.models import AuditEntry, PasswordReset, User
from tangerang_live.notifications import send_pending, senders_from_settings
from tangerang_live.password_reset import MAX_ATTEMPTS, request_reset, reset_password
from tangerang_live.service_models import OutboxMessage
from tangerang_live.settings import active_settings
from tangerang_live.testing import create_user, running_portal, text_of
from test_accounts import field_error, running_portal_client_like

OLD = "Kali Pasir di pagi hari"
NEW = "Jembatan Berendeng 2026"
EMAIL = "siti@contoh.id"


async def _citizen() -> User:
    return await create_user(EMAIL, OLD, full_name="Siti Rahmawati", phone="+6281234567890")


async def _code_sent() -> tuple[str, str]:
    """The code and the link path of the newest reset message in the outbox."""
    message = await OutboxMessage.all().order_by("-id").first()
    assert message is not None and message.recipient == EMAIL
    code = re.search(r"\b(\d{6})\b", message.body)
    link = re.search(r"https?://[^/\s]+(/password-reset/new\?\S+)", message.body)
    assert code and link, message.body
    return code.group(1), link.group(1)


def _form(code: str, login: str = EMAIL, password: str = NEW) -> dict[str, str]:
    return {"login": login, "code": code, "new_password": password, "new_password_again": password}


async def test_a_citizen_resets_the_password_with_the_emailed_code(tmp_path):
    async with running_portal(tmp_path) as phone:
        await _citizen()
        async with running_portal_client_like(phone) as laptop:
            await laptop.sign_in(EMAIL, OLD)
            login_page = (await phone.get("/login")).text
            assert 'href="/password-reset"' in login_page and "Lupa kata sandi?" in login_page

            asked = await phone.post("/password-reset", data={"login": " Siti@Contoh.id "})
            assert asked.status_code == 303
            form_page = await phone.get(asked.headers["location"])
            assert "kode 6 angka" in text_of(form_page.text)
            code, link = await _code_sent()
            assert not await PasswordReset.filter(code_hash__contains=code).exists()

            filled = (await phone.get(link)).text  # the link fills in the code
            assert f'value="{code}"' in filled and f'value="{EMAIL}"' in filled
            done = await phone.post("/password-reset/new", data=_form(code))
            assert done.status_code == 303 and done.headers["location"] == "/login?done=reset"
            assert "Kata sandi baru Anda sudah disimpan" in text_of(
                (await phone.get("/login?done=reset")).text
            )

            # Every session of the account ended, and only the new password signs in.
            assert (await laptop.get("/account")).headers["location"].startswith("/login")
            refused = await phone.post("/login", data={"email": EMAIL, "password": OLD})
            assert refused.status_code == 400
            await phone.sign_in(EMAIL, NEW)
        actions = set(await AuditEntry.all().values_list("action", flat=True))
        assert {"account.reset_requested", "account.password_reset"} <= actions


async def test_asking_tells_nobody_whether_an_account_exists(tmp_path):
    async with running_portal(tmp_path) as client:
        await _citizen()
        answers = []
        for login in (EMAIL, "orang.lain@contoh.id", "0812 3456 7890", "0813 9999 0000"):
            asked = await client.post("/password-reset", data={"login": login})
            page = await client.get(asked.headers["location"])
            typed = text_of(page.text).replace(login, "LOGIN")
            wrong = await client.post("/password-reset/new", data=_form("000000", login=login))
            answers.append(
                (
                    asked.status_code,
                    page.status_code,
                    typed,
                    wrong.status_code,
                    field_error(wrong.text, "code"),
                )
            )
        assert answers[0] == answers[1] == answers[2] == answers[3]
        assert answers[0][3] == 400
        # Known or not, each was recorded, and only the known account was sent anything.
        assert await AuditEntry.filter(action="account.reset_requested").count() == 4
        assert {m.recipient for m in await OutboxMessage.all()} == {EMAIL}


async def test_a_code_works_once(tmp_path):
    async with running_portal(tmp_path) as client:
        await _citizen()
        await client.post("/password-reset", data={"login": EMAIL})
        code, _link = await _code_sent()
        assert (await client.post("/password-reset/new", data=_form(code))).status_code == 303
        again = await client.post(
            "/password-reset/new", data=_form(code, password="Situ Cipondoh sore")
        )
        assert again.status_code == 400
        assert "salah atau sudah kedaluwarsa" in field_error(again.text, "code")
        await client.sign_in(EMAIL, NEW)


async def test_a_code_expires_after_thirty_minutes(tmp_path):
    async with running_portal(tmp_path):
        user = await _citizen()
        asked_at = datetime.now(UTC)
        await request_reset(EMAIL, now=asked_at)
        code, _link = await _code_sent()
        try:
            await reset_password(_form(code), now=asked_at + timedelta(minutes=31))
        except FormErrors as exc:
            assert set(exc.errors) == {"code"}
        else:
            raise AssertionError("an expired code was accepted")
        await reset_password(_form(code), now=asked_at + timedelta(minutes=29))
        await user.refresh_from_db()
        assert user.session_epoch == 1


async def test_a_new_code_ends_the_older_one(tmp_path):
    async with running_portal(tmp_path) as client:
        await _citizen()
        await client.post("/password-reset", data={"login": EMAIL})
        first, _link = await _code_sent()
        await client.post("/password-reset", data={"login": EMAIL})
        second, _link = await _code_sent()
        if first != second:
            assert (await client.post("/password-reset/new", data=_form(first))).status_code == 400
        assert (await client.post("/password-reset/new", data=_form(second))).status_code == 303


async def test_wrong_guesses_kill_the_code_then_the_address_waits(tmp_path):
    async with running_portal(tmp_path) as client:
        await _citizen()
        await client.post("/password-reset", data={"login": EMAIL})
        code, _link = await _code_sent()
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        for _ in range(MAX_ATTEMPTS):
            response = await client.post("/password-reset/new", data=_form(wrong))
            assert response.status_code == 400
            assert f'value="{wrong}"' not in response.text  # a wrong code is not typed back
        dead = await client.post("/password-reset/new", data=_form(code))
        assert dead.status_code == 400, "the right code after too many wrong ones"
        for _ in range(10):
            response = await client.post("/password-reset/new", data=_form(wrong))
        assert response.status_code == 429
        assert "Terlalu banyak percobaan" in text_of(response.text)
        assert await AuditEntry.filter(action="account.reset_code_wrong").count() >= MAX_ATTEMPTS
        assert await AuditEntry.exists(action="account.reset_throttled")


async def test_codes_asked_for_one_account_are_limited(tmp_path):
    async with running_portal(tmp_path) as client:
        await _citizen()
        statuses = [
            (await client.post("/password-reset", data={"login": EMAIL})).status_code
            for _ in range(4)
        ]
        assert statuses == [303, 303, 303, 429]
        assert await OutboxMessage.all().count() == 3


async def test_a_weak_new_password_is_refused_and_the_code_still_works(tmp_path):
    async with running_portal(tmp_path) as client:
        await _citizen()
        await client.post("/password-reset", data={"login": EMAIL})
        code, _link = await _code_sent()
        weak = await client.post("/password-reset/new", data=_form(code, password="rahasia"))
        assert weak.status_code == 400
        assert "10" in field_error(weak.text, "new_password")
        assert f'value="{code}"' in weak.text
        assert (await client.post("/password-reset/new", data=_form(code))).status_code == 303


async def test_two_uses_of_one_code_at_once_only_one_succeeds(tmp_path):
    async with running_portal(tmp_path):
        await _citizen()
        await request_reset(EMAIL)
        code, _link = await _code_sent()
        outcomes = await asyncio.gather(
            reset_password(_form(code, password="Jembatan Berendeng 2026")),
            reset_password(_form(code, password="Situ Cipondoh di sore hari")),
            return_exceptions=True,
        )
        assert sorted(type(o).__name__ for o in outcomes) == ["FormErrors", "User"]
        assert await AuditEntry.filter(action="account.password_reset").count() == 1
        assert (await User.get(email=EMAIL)).session_epoch == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(alphabet="0123456789 -", max_size=9))
async def test_only_the_code_itself_is_accepted(tmp_path, typed):
    async with running_portal(tmp_path / uuid.uuid4().hex):
        user = await _citizen()
        await request_reset(EMAIL)
        code, _link = await _code_sent()
        before = user.password_hash
        try:
            await reset_password(_form(typed))
        except FormErrors as exc:
            assert "".join(typed.split()) != code and set(exc.errors) == {"code"}
            assert (await User.get(id=user.id)).password_hash == before
        else:
            assert "".join(typed.split()) == code


async def test_sign_in_never_leaves_the_site(tmp_path):
    async with running_portal(tmp_path) as client:
        await _citizen()
        for hostile in (
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example",
            "/\tx",
            "javascript:alert(1)",
        ):
            page = await client.get("/login", params={"next": hostile})
            assert 'name="next" value="/"' in page.text
            signed = await client.post(
                "/login", data={"email": EMAIL, "password": OLD, "next": hostile}
            )
            assert signed.headers["location"] == "/"
            await client.sign_out()
        fine = await client.post(
            "/login", data={"email": EMAIL, "password": OLD, "next": "/account"}
        )
        assert fine.headers["location"] == "/account"


async def test_the_sign_in_page_says_why_only_in_known_words(tmp_path):
    async with running_portal(tmp_path) as client:
        asked = text_of(
            (await client.get("/login", params={"next": "/x", "reason": "report"})).text
        )
        assert "Masuk untuk mengirim laporan." in asked
        forged = (
            await client.get("/login", params={"reason": "Your account is locked, call 0812"})
        ).text
        assert "locked" not in forged and 'name="reason"' not in forged
        register = (await client.get("/login", params={"next": "/x", "reason": "report"})).text
        link = re.search(r'href="(/register\?[^"]+)"', register)
        assert link and parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)["next"] == [
            "/x"
        ]


async def test_with_an_sms_gateway_the_code_also_goes_by_sms_and_works(tmp_path):
    with sms_gateway() as gateway:
        async with running_portal(tmp_path, sms_url=gateway.url) as phone:
            await _citizen()
            asking = text_of((await phone.get("/password-reset")).text)
            assert "lewat SMS" in asking
            asked = await phone.post("/password-reset", data={"login": "+62 812-3456-7890"})
            assert "lewat SMS" in text_of((await phone.get(asked.headers["location"])).text)
            by_channel = {m.channel: m for m in await OutboxMessage.all()}
            assert by_channel.keys() == {"email", "sms"}
            assert by_channel["sms"].recipient == "+6281234567890"
            sent = await send_pending(senders_from_settings(active_settings()) | {"email": _drop})
            assert sent["sent"] == 2
            posted, _authorization = gateway.received[0]
            assert posted["to"] == "+6281234567890"
            code = re.search(r"\b(\d{6})\b", posted["message"])
            assert code, posted
            done = await phone.post(
                "/password-reset/new", data=_form(code.group(1), login="081234567890")
            )
            assert done.status_code == 303
            assert (await phone.sign_in(EMAIL, NEW)).status_code == 303
    async with running_portal(tmp_path / "without") as phone:
        await _citizen()
        await phone.post("/password-reset", data={"login": EMAIL})
        assert [m.channel for m in await OutboxMessage.all()] == ["email"]
        assert "lewat SMS" not in text_of((await phone.get("/password-reset")).text)


async def _drop(message: OutboxMessage) -> None:
    """An email sender for a test about SMS: the email is not what it checks."""
