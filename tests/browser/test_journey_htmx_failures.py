"""With htmx, every answer but success is shown: a form's errors (422) replace the form, and a
lost connection, an expired form and a server error each put a message on the page.

The portal's answers are replaced in the browser (Playwright's routing), so the failures are
real to htmx and the portal's data stays untouched."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_harness import DESKTOP, Portal, sign_in
from playwright.sync_api import Browser, Page, Route, expect

TOGGLE = re.compile(r".*/admin/plugins/laksa$")


@pytest.fixture
def admin_page(browser: Browser, portal: Portal) -> Iterator[Page]:
    # A profile of its own without the journey guard: answering 500 on purpose is the point here.
    context = browser.new_context(
        base_url=portal.base_url, viewport=DESKTOP, service_workers="block"
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Disable LAKSA?": yes
    sign_in(page, portal.admin_email, portal.admin_password)
    yield page
    context.close()


def answer_toggle(page: Page, **answer: object) -> None:
    """The next click on a service's Enable/Disable button gets ``answer`` instead."""

    def handle(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
        elif answer.get("abort"):
            route.abort("internetdisconnected")
        else:
            route.fulfill(**answer)

    page.unroute(TOGGLE)
    page.route(TOGGLE, handle)
    page.goto("/admin/plugins")
    page.locator("#plugin-laksa button[type=submit]").click()


def test_a_form_answered_422_shows_its_errors(admin_page: Page):
    answer_toggle(
        admin_page,
        status=422,
        content_type="text/html",
        body='<p id="form-errors">Periksa isian yang ditandai.</p>',
    )
    expect(admin_page.locator("#plugins-table #form-errors")).to_be_visible()
    expect(admin_page.locator("#request-problem")).to_be_hidden()


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"abort": True}, "Portal tidak dapat dihubungi"),
        (
            {"status": 403, "content_type": "text/plain", "body": "Formulir ini kedaluwarsa."},
            "Formulir ini kedaluwarsa.",
        ),
        ({"status": 500, "content_type": "text/html", "body": "<h1>500</h1>"}, "sisi kami"),
        ({"status": 404, "content_type": "text/html", "body": "<h1>404</h1>"}, "Halaman"),
    ],
)
def test_failures_are_shown_and_can_be_closed(admin_page: Page, answer: dict, message: str):
    answer_toggle(admin_page, **answer)
    problem = admin_page.locator("#request-problem")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text(message)
    expect(admin_page.locator("#plugin-laksa")).to_be_visible()  # the page was left as it was
    problem.get_by_role("button").click()
    expect(problem).to_be_hidden()
