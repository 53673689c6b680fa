"""Citizens register, sign in with email or phone, and look after their own account."""

from __future__ import annotations

import httpx
import pytest
from tangerang_live import ensure_officer
from tangerang_live.models import AuditEntry, Department, PermissionGrant, Role, User
from tangerang_live.testing import PortalClient, create_user, running_portal, text_of

GOOD = {
    "full_name": "Siti Rahmawati",
    "nik": "3671015708950003",  # Kota Tangerang, Cibodas; a woman born 17 August 1995
    "email": "siti@contoh.id",
    "phone": "0812-3456-7890",
    "password": "Kali Pasir di pagi hari",
    "password_again": "Kali Pasir di pagi hari",
}


def field_error(html: str, field: str) -> str:
    """The message shown next to ``field`` (the element the input's aria-describedby names)."""
    marker = f'id="{field}-error" class="field-error">'
    assert marker in html, f"no error shown on {field}"
    return html.split(marker, 1)[1].split("<", 1)[0].strip()


async def test_a_citizen_registers_and_is_signed_in(tmp_path):
    async with running_portal(tmp_path) as client:
        response = await client.post("/register", data=GOOD)
        assert response.status_code == 303
        assert response.headers["location"] == "/account?done=registered"
        page = await client.get(response.headers["location"])
        assert "Selamat datang! Akun Anda sudah siap." in text_of(page.text)
        user = await User.get(email="siti@contoh.id")
        assert (user.role, user.phone, user.nik) == (Role.CITIZEN, "+6281234567890", GOOD["nik"])
        assert user.password_hash.startswith("$argon2")
        assert await AuditEntry.exists(action="account.register", target="siti@contoh.id")


BAD_INPUT = [
    ("full_name", " ", "full name"),
    ("nik", "367101570895000", "16 digits"),
    ("nik", "9971015708950003", "province"),
    ("nik", "3671019908950003", "birth date"),
    ("nik", "36710157089500x3", "16 digits"),
    ("email", "siti-at-contoh.id", "email address"),
    ("phone", "0215551234", "landline"),
    ("phone", "+14155552671", "Indonesian mobile"),
    ("password", "rahasia", "at least 10"),
    ("password", "password1234", "too common"),
    ("password", "siti rahmawati 99", "your name"),
    ("password_again", "something else entirely", "not the same"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
async def test_each_kind_of_bad_input_is_refused_on_its_field_and_nothing_is_stored(
    tmp_path, field, value, message
):
    async with running_portal(tmp_path) as client:
        client.cookies.set("lang", "en")
        form = {**GOOD, field: value}
        if field == "password":
            form["password_again"] = value
        response = await client.post("/register", data=form)
        assert response.status_code == 400
        assert message.lower() in field_error(response.text, field).lower()
        for other in {"full_name", "nik", "email", "phone"} - {field}:
            assert f'value="{GOOD[other]}"' in response.text  # the user's input comes back
        assert 'name="password" value' not in response.text  # passwords never come back
        assert await User.all().count() == 0
        assert not await AuditEntry.exists(action="account.register")


async def test_errors_are_in_indonesian_by_default(tmp_path):
    async with running_portal(tmp_path) as client:
        response = await client.post("/register", data={**GOOD, "nik": "123"})
        assert field_error(response.text, "nik") == "NIK terdiri dari tepat 16 angka."


@pytest.mark.parametrize(
    ("field", "value"),
    [("nik", GOOD["nik"]), ("email", "SITI@contoh.id"), ("phone", "+62 812 3456 7890")],
)
async def test_one_account_per_nik_email_and_phone(tmp_path, field, value):
    async with running_portal(tmp_path) as client:
        await client.post("/register", data=GOOD)
        await client.post("/logout")
        other = {
            **GOOD,
            "nik": "3671010101900001",
            "email": "budi@contoh.id",
            "phone": "0857 1111 2222",
            field: value,
        }
        response = await client.post("/register", data=other)
        assert response.status_code == 400
        assert "sudah" in field_error(response.text, field)  # "... sudah ada/terdaftar"
        assert await User.all().count() == 1


async def test_sign_in_with_email_or_with_mobile_number_in_any_spelling(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", "sandi-budi-panjang", phone="+6285712345678")
        for login in ["budi@contoh.id", " BUDI@contoh.id", "085712345678", "+62 857-1234-5678"]:
            response = await client.post(
                "/login", data={"email": login, "password": "sandi-budi-panjang"}
            )
            assert response.status_code == 303, login
            assert "Budi" in (await client.get("/account")).text
            await client.post("/logout")
        wrong = await client.post("/login", data={"email": "085712345678", "password": "salah"})
        assert wrong.status_code == 400
        assert "salah" in text_of(wrong.text)


async def test_a_deactivated_account_cannot_sign_in(tmp_path):
    async with running_portal(tmp_path) as client:
        await create_user("budi@contoh.id", "sandi-budi-panjang", is_active=False)
        response = await client.post(
            "/login", data={"email": "budi@contoh.id", "password": "sandi-budi-panjang"}
        )
        assert response.status_code == 400


async def test_profile_edits_contact_details_with_checks(tmp_path):
    async with running_portal(tmp_path) as client:
        await client.post("/register", data=GOOD)
        await create_user("budi@contoh.id")
        taken = await client.post(
            "/account",
            data={"full_name": "Siti R", "email": "budi@contoh.id", "phone": "", "locale": "id"},
        )
        assert taken.status_code == 400
        assert "sudah" in field_error(taken.text, "email")
        assert 'value="budi@contoh.id"' in taken.text
        assert (await User.get(nik=GOOD["nik"])).email == "siti@contoh.id"
        no_phone = await client.post(
            "/account",
            data={"full_name": "Siti R", "email": "siti@contoh.id", "phone": "", "locale": "id"},
        )
        assert no_phone.status_code == 400 and field_error(no_phone.text, "phone")

        saved = await client.post(
            "/account",
            data={
                "full_name": "Siti Rahma",
                "email": "siti.baru@contoh.id",
                "phone": "0813 9999 8888",
                "locale": "en",
            },
        )
        assert saved.status_code == 303
        user = await User.get(nik=GOOD["nik"])
        assert (user.full_name, user.email, user.phone, user.locale) == (
            "Siti Rahma",
            "siti.baru@contoh.id",
            "+6281399998888",
            "en",
        )
        page = await client.get(saved.headers["location"])
        assert '<html lang="en">' in page.text  # the language chosen on the profile applies
        assert "Your details are saved." in page.text


async def test_changing_the_password_signs_out_other_devices_but_not_this_one(tmp_path):
    async with running_portal(tmp_path) as phone:
        await phone.post("/register", data=GOOD)
        async with running_portal_client_like(phone) as laptop:
            await laptop.sign_in("siti@contoh.id", GOOD["password"])
            assert (await laptop.get("/account")).status_code == 200

            wrong = await phone.post(
                "/account/password",
                data={
                    "current_password": "bukan ini",
                    "new_password": "Jembatan Berendeng 2026",
                    "new_password_again": "Jembatan Berendeng 2026",
                },
            )
            assert wrong.status_code == 400
            assert "bukan kata sandi" in field_error(wrong.text, "current_password").lower()

            changed = await phone.post(
                "/account/password",
                data={
                    "current_password": GOOD["password"],
                    "new_password": "Jembatan Berendeng 2026",
                    "new_password_again": "Jembatan Berendeng 2026",
                },
            )
            assert changed.status_code == 303
            assert (await phone.get("/account")).status_code == 200
            assert (await laptop.get("/account")).status_code == 303  # back to sign-in
            await phone.post("/logout")
            await phone.sign_in("siti@contoh.id", "Jembatan Berendeng 2026")


async def test_sign_out_everywhere_ends_every_other_session(tmp_path):
    async with running_portal(tmp_path) as phone:
        await phone.post("/register", data=GOOD)
        async with running_portal_client_like(phone) as laptop:
            await laptop.sign_in("siti@contoh.id", GOOD["password"])
            response = await phone.post("/account/sign-out-everywhere")
            assert response.status_code == 303
            assert (await laptop.get("/account")).headers["location"].startswith("/login")
            assert (await phone.get("/account")).status_code == 200


async def test_the_profile_needs_a_signed_in_user(tmp_path):
    async with running_portal(tmp_path) as client:
        response = await client.get("/account")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/account"


async def test_ensure_officer_is_idempotent_and_scopes_permissions(tmp_path):
    async with running_portal(tmp_path):
        assert await Department.filter(code__in=["pupr", "diskominfo"]).count() == 2
        for _ in range(2):
            officer = await ensure_officer(
                "petugas.pupr@tangerangkota.go.id",
                "Petugas PUPR",
                departments=["pupr"],
                permissions=["laksa.handle"],
            )
        assert officer.role == Role.OFFICER
        grants = await PermissionGrant.filter(user=officer).prefetch_related("department")
        assert [(g.code, g.department.code) for g in grants] == [("laksa.handle", "pupr")]
        assert [d.code for d in await officer.departments.all()] == ["pupr"]
        everywhere = await ensure_officer("kominfo@tangerangkota.go.id", "K", permissions=["x.y"])
        assert await PermissionGrant.exists(user=everywhere, code="x.y", department=None)
        with pytest.raises(LookupError):
            await ensure_officer("a@b.id", "A", departments=["tidak-ada"])


def running_portal_client_like(client):
    """A second browser on the same running portal (its own cookies)."""
    second = PortalClient(
        transport=httpx.ASGITransport(app=client.app), base_url="http://testserver"
    )
    second.app = client.app
    return second
