"""Organisations with members, and permissions scoped to a department, an organisation or a
plugin's own scope: a scoped grant never reaches past its target."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tangerang_live import (
    Department,
    Organisation,
    Role,
    add_member,
    create_organisation,
    grant_permission,
    has_permission,
    is_member,
    organisations_of,
    permitted_departments,
    permitted_organisations,
    permitted_scopes,
    remove_member,
)
from tangerang_live.models import AuditEntry, PermissionGrant
from tangerang_live.testing import PortalClient, create_user, running_portal

REVIEW = "hello_city.review"  # scopes: organisation, district (hello_city's own kind)
MANAGE = "hello_city.manage"  # scopes: department


@pytest.fixture
async def client(hello_city, tmp_path: Path) -> AsyncIterator[PortalClient]:
    async with running_portal(tmp_path, enable=["hello_city"]) as client:
        yield client


async def test_organisations_get_free_codes_members_and_an_audit_entry(client):
    admin = await create_user("admin@example.org", role=Role.ADMIN)
    first = await create_organisation("hello_city", "employer", "PT Maju Jaya", actor=admin)
    second = await create_organisation("hello_city", "employer", "PT  Maju-Jaya!")
    hospital = await create_organisation("hello_city", "hospital", "PT Maju Jaya")
    assert (first.code, second.code, hospital.code) == (
        "pt-maju-jaya",
        "pt-maju-jaya-2",
        "pt-maju-jaya",
    )
    entry = await AuditEntry.get(
        action="organisation.create", target="hello_city/employer/pt-maju-jaya"
    )
    assert entry.actor_id == admin.id
    with pytest.raises(ValueError):
        await create_organisation("hello_city", "employer", "Lain", code="pt-maju-jaya")
    with pytest.raises(ValueError):
        await create_organisation("hello_city", "employer", "Lain", code="Bad Code")
    with pytest.raises(ValueError):
        await create_organisation("hello_city", "employer", "   ")

    recruiter = await create_user("hrd@majujaya.example")  # a citizen account
    await add_member(first, recruiter, "recruiter")
    await add_member(hospital, recruiter)
    assert await is_member(recruiter, first) and await is_member(recruiter, first, "recruiter")
    assert not await is_member(recruiter, second) and not await is_member(None, first)
    await add_member(first, recruiter, "owner")  # a member's role changes, no second row
    assert await is_member(recruiter, first, "owner") and not await is_member(
        recruiter, first, "recruiter"
    )
    assert [o.code for o in await organisations_of(recruiter, plugin="hello_city")] == [
        "pt-maju-jaya",
        "pt-maju-jaya",
    ]
    assert await organisations_of(recruiter, plugin="hello_city", kind="employer") == [first]
    assert await organisations_of(recruiter, plugin="laksa") == []
    await Organisation.filter(id=hospital.id).update(is_active=False)
    assert await organisations_of(recruiter, plugin="hello_city") == [first]
    await remove_member(first, recruiter)
    assert await organisations_of(recruiter, plugin="hello_city") == []
    # Membership is not a permission.
    assert not await has_permission(recruiter, REVIEW, organisation=first)


async def test_grants_honour_the_scopes_a_permission_declares(client):
    officer = await create_user("petugas@example.org", role=Role.OFFICER)
    citizen = await create_user("warga@example.org")
    mine = await create_organisation("hello_city", "employer", "PT Satu")
    foreign = Organisation(plugin="laksa", kind="x", name="Lain", code="lain")
    await foreign.save()
    pupr = await Department.get(code="pupr")
    refused = [
        dict(code="hello_city.unknown"),
        dict(code=MANAGE, organisation=mine),
        dict(code=MANAGE, scope="utara"),
        dict(code=REVIEW, department=pupr),
        dict(code=REVIEW, organisation=foreign),
        dict(code=REVIEW, organisation=mine, scope="utara"),
    ]
    for arguments in refused:
        with pytest.raises(ValueError):
            await grant_permission(officer, **arguments)
    with pytest.raises(ValueError):
        await grant_permission(citizen, MANAGE)
    assert await PermissionGrant.all().count() == 0

    first = await grant_permission(officer, REVIEW, organisation=mine)
    assert await grant_permission(officer, REVIEW, organisation=mine) == first  # idempotent
    assert await AuditEntry.filter(action="permission.grant").count() == 1


async def test_a_scoped_grant_covers_its_target_only(client):
    officer = await create_user("petugas@example.org", role=Role.OFFICER)
    one = await create_organisation("hello_city", "employer", "PT Satu")
    two = await create_organisation("hello_city", "employer", "PT Dua")
    pupr, dishub = await Department.get(code="pupr"), await Department.get(code="dishub")
    await grant_permission(officer, REVIEW, organisation=one)
    await grant_permission(officer, REVIEW, scope="utara")
    await grant_permission(officer, MANAGE, department=pupr)

    assert await has_permission(officer, REVIEW)  # some grant: the view narrows the data
    assert await has_permission(officer, REVIEW, organisation=one)
    assert not await has_permission(officer, REVIEW, organisation=two)
    assert await has_permission(officer, REVIEW, scope="utara")
    assert not await has_permission(officer, REVIEW, scope="selatan")
    assert await has_permission(officer, MANAGE, pupr)
    assert not await has_permission(officer, MANAGE, dishub)
    assert await permitted_organisations(officer, REVIEW) == [one]
    assert await permitted_scopes(officer, REVIEW) == {"utara"}
    assert await permitted_departments(officer, REVIEW) == []
    assert await permitted_departments(officer, MANAGE) == [pupr]

    await grant_permission(officer, REVIEW)  # for all of it
    assert await has_permission(officer, REVIEW, organisation=two)
    assert await permitted_organisations(officer, REVIEW) is None
    assert await permitted_scopes(officer, REVIEW) is None

    admin = await create_user("admin@example.org", role=Role.ADMIN)
    assert await has_permission(admin, REVIEW, scope="anything")
    assert await permitted_scopes(admin, REVIEW) is None
    citizen = await create_user("warga@example.org")
    assert await permitted_organisations(citizen, REVIEW) == []
    assert await permitted_scopes(None, REVIEW) == set()


async def test_a_request_reads_the_users_grants_once(client, monkeypatch):
    officer = await create_user("petugas@example.org", "sandi-yang-panjang", role=Role.OFFICER)
    await grant_permission(officer, REVIEW, scope="utara")
    await client.sign_in("petugas@example.org", "sandi-yang-panjang")
    reads = []
    original = PermissionGrant.filter.__func__

    def counting(cls, *args, **kwargs):
        if kwargs.get("user_id") == officer.id:
            reads.append(kwargs)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(PermissionGrant, "filter", classmethod(counting))
    answer = (await client.get("/hello/checks")).json()
    assert answer == {"manage": False, "review": True, "district": True, "scopes": ["utara"]}
    assert len(reads) == 1
    await client.get("/hello/checks")
    assert len(reads) == 2  # the next request reads them again: a revoked grant takes effect


officers = itertools.count()
targets = st.sampled_from(["org:one", "org:two", "scope:utara", "scope:selatan", "all"])


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.sets(targets, max_size=3), targets)
async def test_no_grant_reaches_a_target_it_was_not_given(client, granted, asked):
    organisations = {
        name: (
            await Organisation.get_or_create(
                plugin="hello_city", kind="t", code=name, defaults={"name": name}
            )
        )[0]
        for name in ("one", "two")
    }
    officer = await create_user(f"petugas{next(officers)}@example.org", role=Role.OFFICER)

    def target(spec: str) -> dict:
        kind, _, value = spec.partition(":")
        if kind == "org":
            return {"organisation": organisations[value]}
        return {"scope": value} if kind == "scope" else {}

    for spec in granted:
        await grant_permission(officer, REVIEW, **target(spec))
    expected = "all" in granted or (asked in granted) or (asked == "all" and bool(granted))
    assert await has_permission(officer, REVIEW, **target(asked)) == expected


async def test_admins_grant_only_the_targets_a_permission_declares(client):
    await create_user("admin@example.org", "sandi-admin-panjang", role=Role.ADMIN)
    officer = await create_user("petugas@example.org", role=Role.OFFICER)
    employer = await create_organisation("hello_city", "employer", "PT Satu")
    pupr = await Department.get(code="pupr")
    await client.sign_in("admin@example.org", "sandi-admin-panjang")
    await client.post("/language", data={"lang": "en"})
    grants = f"/admin/users/{officer.id}/grants"

    wrong = await client.post(grants, data={"code": MANAGE, "organisation": str(employer.id)})
    assert wrong.status_code == 400
    assert "This permission is not granted per organisation." in wrong.text
    wrong = await client.post(grants, data={"code": REVIEW, "department": str(pupr.id)})
    assert "This permission is not granted per department." in wrong.text
    assert await PermissionGrant.all().count() == 0

    done = await client.post(grants, data={"code": REVIEW, "organisation": str(employer.id)})
    assert done.status_code == 303
    done = await client.post(grants, data={"code": REVIEW, "scope": "utara"})
    assert done.status_code == 303
    assert await has_permission(officer, REVIEW, organisation=employer)
    assert await permitted_scopes(officer, REVIEW) == {"utara"}
    page = await client.get(f"/admin/users/{officer.id}")
    assert "PT Satu" in page.text and "utara" in page.text
