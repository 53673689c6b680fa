"""Accounts: checking what people type, registering citizens, profiles and officer accounts.

The ``parse_nik``, ``normalize_phone``, ``normalize_email`` and ``password_problem`` functions are
pure (apart from the language of their messages): plugins reuse them for their own forms.
"""

from __future__ import annotations

import gzip
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import phonenumbers
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from tangerang_live.audit import record_audit
from tangerang_live.auth import hash_password_off_loop, verify_password_off_loop
from tangerang_live.i18n import LOCALES
from tangerang_live.i18n import gettext as _
from tangerang_live.models import Department, PermissionGrant, Role, User

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 200
"""Enough for any passphrase; a longer one would only make hashing a way to tire the server."""
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"

# First two digits of a NIK: the province codes of Kemendagri (including the four Papua provinces
# created in 2022).
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64}
    | {65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96}
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


class InvalidInput(ValueError):
    """A value a person typed is not acceptable; the message says why, in their language."""


class FormErrors(Exception):
    """Several fields of a form are wrong: ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Nik:
    """A NIK (Nomor Induk Kependudukan) and what its digits say."""

    number: str
    province: str
    regency: str
    district: str
    birth_date: date
    female: bool


def parse_nik(raw: str, *, today: date | None = None) -> Nik:
    """Check the shape of a 16-digit NIK and decode it; raise ``InvalidInput`` when it is wrong.

    Digits 1-6 are the province, regency and district codes; 7-12 the birth date as DDMMYY, with
    40 added to the day for women; 13-16 a serial number. Only the shape is checked: whether the
    person exists is Disdukcapil's to say.
    """
    number = re.sub(r"[\s.-]", "", raw)
    if not number.isascii() or not number.isdigit() or len(number) != 16:
        raise InvalidInput(_("A NIK has exactly 16 digits."))
    if int(number[0:2]) not in PROVINCE_CODES:
        raise InvalidInput(_("The first two digits of this NIK are not a province code."))
    if number[2:4] == "00" or number[4:6] == "00":
        raise InvalidInput(_("Digits 3 to 6 of this NIK are not a regency and district code."))
    if number[12:16] == "0000":
        raise InvalidInput(_("The last four digits of a NIK cannot all be zero."))
    day, month, year = int(number[6:8]), int(number[8:10]), int(number[10:12])
    female = day > 40
    today = today or date.today()
    # Two year digits: the most recent century that does not put the birth in the future.
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        born = date(century + year, month, day - 40 if female else day)
    except ValueError:
        raise InvalidInput(_("Digits 7 to 12 of this NIK are not a valid birth date.")) from None
    if born > today:
        raise InvalidInput(_("Digits 7 to 12 of this NIK are not a valid birth date."))
    return Nik(number, number[0:2], number[2:4], number[4:6], born, female)


def normalize_phone(raw: str) -> str:
    """An Indonesian mobile number in international form (``+628…``), or ``InvalidInput``.

    Accepts what people write: ``0812-3456-7890``, ``62812…``, ``+62 812 …``.
    """
    try:
        number = phonenumbers.parse(raw.strip(), "ID")
    except phonenumbers.NumberParseException:
        raise InvalidInput(_("Write a mobile number such as 0812 3456 7890.")) from None
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise InvalidInput(_("Write an Indonesian mobile number such as 0812 3456 7890."))
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidInput(_("This is a landline number; write a mobile number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str:
    """An email address, lower-cased, or ``InvalidInput``."""
    email = raw.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidInput(_("Write an email address such as nama@contoh.id."))
    return email


@cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def password_problem(password: str, *, personal: Iterable[str] = ()) -> str | None:
    """Why ``password`` is not good enough, or ``None``.

    ``personal`` holds what the account already shows (email, phone, NIK, name): a password
    built on them is the first thing an attacker tries.
    """
    if len(password) < PASSWORD_MIN_LENGTH:
        return _("Use at least %(count)s characters.", count=PASSWORD_MIN_LENGTH)
    if len(password) > PASSWORD_MAX_LENGTH:
        return _("Use at most %(count)s characters.", count=PASSWORD_MAX_LENGTH)
    folded = password.casefold()
    if folded in _common_passwords() or len(set(folded)) < 4:
        return _("This password is too common; choose one that is hard to guess.")
    for value in personal:
        # Each word of a name, the part of an email before @, the digits of a phone number.
        for part in value.casefold().split("@")[0].lstrip("+").split():
            if len(part) >= 4 and part in folded:
                return _("Do not build the password from your name, email, phone or NIK.")
    return None


def temporary_password() -> str:
    """A random password an admin hands over once; the user changes it after signing in."""
    return secrets.token_urlsafe(12)


def _clean(
    form: dict[str, str], field: str, check: Callable[[str], str], errors: dict[str, str]
) -> str:
    """Run one field's check, keeping its message under the field name."""
    try:
        return check(form.get(field, ""))
    except InvalidInput as exc:
        errors[field] = str(exc)
        return ""


def _required_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not 2 <= len(name) <= 200:
        raise InvalidInput(_("Write your full name as on your KTP."))
    return name


async def _taken(field: str, value: str, *, except_id: int | None = None) -> bool:
    query = User.filter(**{field: value})
    if except_id is not None:
        query = query.exclude(id=except_id)
    return await query.exists()


async def register_citizen(form: dict[str, str], *, locale: str, ip: str = "") -> User:
    """Create a citizen account from the registration form, or raise ``FormErrors``.

    Every field is checked before anything is written; one account per NIK, email and phone.
    """
    errors: dict[str, str] = {}
    full_name = _clean(form, "full_name", _required_name, errors)
    nik = _clean(form, "nik", lambda raw: parse_nik(raw).number, errors)
    email = _clean(form, "email", normalize_email, errors)
    phone = _clean(form, "phone", normalize_phone, errors)
    password = form.get("password", "")
    problem = password_problem(password, personal=[full_name, nik, email, phone])
    if problem:
        errors["password"] = problem
    elif password != form.get("password_again", ""):
        errors["password_again"] = _("The two passwords are not the same.")
    await _check_unique(errors, nik=nik, email=email, phone=phone)
    if errors:
        raise FormErrors(errors)
    try:
        password_hash = await hash_password_off_loop(password)
        async with in_transaction():
            user = await User.create(
                full_name=full_name,
                nik=nik,
                email=email,
                phone=phone,
                password_hash=password_hash,
                role=Role.CITIZEN,
                locale=locale if locale in LOCALES else "id",
            )
            await record_audit("account.register", target=email, actor=user, ip=ip)
    except IntegrityError:
        # Someone registered the same NIK, email or phone between our check and our insert.
        await _check_unique(errors, nik=nik, email=email, phone=phone)
        raise FormErrors(errors or {"form": _("This account already exists.")}) from None
    return user


async def _check_unique(
    errors: dict[str, str], *, except_id: int | None = None, **values: str
) -> None:
    messages = {
        "nik": _("An account with this NIK already exists. Sign in instead."),
        "email": _("An account with this email already exists."),
        "phone": _("An account with this mobile number already exists."),
    }
    for field, value in values.items():
        if value and field not in errors and await _taken(field, value, except_id=except_id):
            errors[field] = messages[field]


async def update_contact(user: User, form: dict[str, str], *, ip: str = "") -> None:
    """Save a user's own name, email, phone and language from the profile form."""
    errors: dict[str, str] = {}
    full_name = _clean(form, "full_name", _required_name, errors)
    email = _clean(form, "email", normalize_email, errors)
    phone = _clean(form, "phone", normalize_phone, errors) if form.get("phone") else None
    if phone is None and user.role == Role.CITIZEN:
        # Citizens are reached by phone about their reports, bookings and applications.
        errors["phone"] = _("Write a mobile number such as 0812 3456 7890.")
    locale = form.get("locale", user.locale)
    if locale not in LOCALES:
        errors["locale"] = _("Choose one of the languages offered.")
    await _check_unique(errors, except_id=user.id, email=email, phone=phone or "")
    if errors:
        raise FormErrors(errors)
    changed = {
        field: value
        for field, value in {
            "full_name": full_name,
            "email": email,
            "phone": phone,
            "locale": locale,
        }.items()
        if getattr(user, field) != value
    }
    if not changed:
        return
    try:
        async with in_transaction():
            await User.filter(id=user.id).update(**changed)
            await record_audit(
                "account.update", target=email, actor=user, ip=ip, detail={"fields": list(changed)}
            )
    except IntegrityError:
        raise FormErrors({"form": _("This email or mobile number is already in use.")}) from None
    for field, value in changed.items():
        setattr(user, field, value)


async def change_password(user: User, form: dict[str, str], *, ip: str = "") -> None:
    """Change a user's own password after checking the current one; ends other sessions."""
    errors: dict[str, str] = {}
    if not await verify_password_off_loop(user.password_hash, form.get("current_password", "")):
        errors["current_password"] = _("This is not your current password.")
    new = form.get("new_password", "")
    problem = password_problem(new, personal=[user.full_name, user.email or "", user.phone or ""])
    if problem:
        errors["new_password"] = problem
    elif new != form.get("new_password_again", ""):
        errors["new_password_again"] = _("The two passwords are not the same.")
    if errors:
        raise FormErrors(errors)
    await set_password(user, new, actor=user, ip=ip, action="account.password_change")


async def set_password(
    user: User, password: str, *, actor: User | None, ip: str = "", action: str
) -> None:
    """Store a new password and sign the user out of every session, in one transaction."""
    await store_password(
        user, await hash_password_off_loop(password), actor=actor, ip=ip, action=action
    )


async def store_password(
    user: User, password_hash: str, *, actor: User | None, ip: str = "", action: str
) -> None:
    """``set_password`` with the hash already made (hashing is slow: not inside a transaction);
    joins the caller's transaction when there is one."""
    async with in_transaction():
        await User.filter(id=user.id).update(
            password_hash=password_hash, session_epoch=F("session_epoch") + 1
        )
        await record_audit(action, target=user.email or user.phone or "", actor=actor, ip=ip)
    await user.refresh_from_db(fields=["password_hash", "session_epoch"])


async def end_all_sessions(user: User, *, actor: User | None, ip: str = "") -> None:
    """Sign ``user`` out everywhere: every session cookie issued before now stops working."""
    async with in_transaction():
        await User.filter(id=user.id).update(session_epoch=F("session_epoch") + 1)
        await record_audit(
            "account.sign_out_everywhere", target=user.email or "", actor=actor, ip=ip
        )
    await user.refresh_from_db(fields=["session_epoch"])


def login_key(login: str) -> str:
    """One spelling per account of what people type to sign in (``0812-3456-7890``,
    ``+62 812 3456 7890`` and ``6281234567890`` are one phone; emails ignore case): the key the
    sign-in limits count under, so another spelling does not buy more guesses."""
    login = login.strip()
    if "@" in login:
        return login.lower()
    try:
        return normalize_phone(login)
    except InvalidInput:
        return login.lower()


async def find_by_login(login: str) -> User | None:
    """The active user whose email or mobile number is ``login`` (as people type them)."""
    login = login.strip()
    if "@" in login:
        return await User.get_or_none(email=login.lower(), is_active=True)
    try:
        phone = normalize_phone(login)
    except InvalidInput:
        return None
    return await User.get_or_none(phone=phone, is_active=True)


async def ensure_officer(
    email: str,
    full_name: str,
    *,
    departments: Iterable[str] = (),
    permissions: Iterable[str] = (),
    password: str | None = None,
) -> User:
    """Make sure an officer account exists, in ``departments`` (codes), holding ``permissions``.

    Each permission is granted for each listed department; with no departments it is granted for
    all of them. Idempotent: run it again and nothing is duplicated. Without ``password`` a new
    account gets an unguessable one, to be reset by an admin. Raises ``LookupError`` for an
    unknown department code.
    """
    email = normalize_email(email)
    codes = list(departments)
    found = await Department.filter(code__in=codes)
    by_code = {d.code: d for d in found}
    missing = [c for c in codes if c not in by_code]
    if missing:
        raise LookupError(f"no department with code {', '.join(missing)}")
    password_hash = await hash_password_off_loop(password or temporary_password())
    async with in_transaction():
        user = await User.get_or_none(email=email)
        if user is None:
            user = await User.create(
                email=email,
                full_name=full_name,
                role=Role.OFFICER,
                password_hash=password_hash,
            )
            await record_audit("officer.create", target=email, actor_label="system")
        elif user.role == Role.CITIZEN:
            user.role = Role.OFFICER
            await user.save(update_fields=["role"])
        department: Department | None
        for department in by_code.values():
            await department.members.add(user)
        scopes: list[Department | None] = [by_code[c] for c in codes] or [None]
        for code in permissions:
            for department in scopes:
                await PermissionGrant.get_or_create(
                    user=user, code=code, department=department, organisation=None, scope=None
                )
    return user


async def create_officer(values: dict[str, Any], actor: dict[str, Any]) -> tuple[User, str]:
    """The new officer and their temporary password (shown once, never stored in clear)."""
    errors: dict[str, str] = {}
    name = " ".join(values["full_name"].split())
    if not 2 <= len(name) <= 200:
        errors["full_name"] = _("Write the officer's full name.")
    email = phone = None
    try:
        email = normalize_email(values["email"])
    except InvalidInput as exc:
        errors["email"] = str(exc)
    if values["phone"]:
        try:
            phone = normalize_phone(values["phone"])
        except InvalidInput as exc:
            errors["phone"] = str(exc)
    if email and await User.exists(email=email):
        errors["email"] = _("An account with this email already exists.")
    if phone and await User.exists(phone=phone):
        errors["phone"] = _("An account with this mobile number already exists.")
    departments = await Department.filter(id__in=values["departments"], is_active=True)
    if not departments:
        errors["departments"] = _("Choose at least one department.")
    if errors:
        raise FormErrors(errors)
    temporary = temporary_password()
    password_hash = await hash_password_off_loop(temporary)
    try:
        async with in_transaction():
            user = await User.create(
                full_name=name,
                email=email,
                phone=phone,
                role=Role.OFFICER,
                password_hash=password_hash,
            )
            await user.departments.add(*departments)
            await record_audit(
                "officer.create",
                target=email or "",
                detail={"departments": sorted(d.code for d in departments)},
                **actor,
            )
    except IntegrityError:
        raise FormErrors({"email": _("An account with this email already exists.")}) from None
    return user, temporary


def user_label(user: User) -> str:
    return user.email or user.phone or f"#{user.id}"
