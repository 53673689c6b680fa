"""Notifications: in-portal messages under a bell, and an outbox for email and SMS.

``notify`` writes the notification and its outbox rows in the caller's transaction, so a change
that rolls back tells nobody about itself. ``tangerang-live outbox send`` delivers the outbox later,
outside any request: a slow mail server never slows a page.
"""

from __future__ import annotations

import asyncio
import json
import smtplib
import urllib.request
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tangerang_live.auth import current_user, require_role
from tangerang_live.context import absolute_url
from tangerang_live.contracts import LocalizedText
from tangerang_live.i18n import in_locale
from tangerang_live.models import User
from tangerang_live.pagination import cursor_param, paginate_keyset
from tangerang_live.portal import render
from tangerang_live.service_models import (
    Notification,
    OutboxChannel,
    OutboxMessage,
    OutboxStatus,
)
from tangerang_live.settings import Settings, active_settings
from tangerang_live.workdays import format_city_time

MAX_ATTEMPTS = 5
"""After this many failed deliveries a message is marked failed and left for a person to see."""

Sender = Callable[[OutboxMessage], Awaitable[None]]
"""Delivers one message or raises; the outbox records the error and tries again later."""


Text = str | LocalizedText | Callable[[str], str]
"""A notification's title or body: plain text, a ``LocalizedText``, or a function of the locale
(``lambda locale: gettext("Report %(n)s was answered", n=number)``, called inside ``in_locale``)."""


def in_language_of(user: User, text: Text) -> str:
    """``text`` as ``user`` reads it: in their own language, whatever the current page's."""
    with in_locale(user.locale) as locale:
        if isinstance(text, LocalizedText):
            return text.get(locale)
        return text if isinstance(text, str) else text(locale)


async def notify(
    user: User,
    *,
    plugin: str,
    title: Text,
    body: Text,
    url: str = "",
    channels: Sequence[str] = ("email",),
) -> Notification:
    """Tell ``user`` something: a notification under the bell, and one outbox message per channel
    in ``channels`` the user has an address for (``email``: their email, ``sms``: their phone).

    ``title`` and ``body`` are written in the recipient's language (``User.locale``) when they are
    a ``LocalizedText`` or a function of the locale, so an officer working in Indonesian tells an
    English-reading citizen in English. ``url`` is a path in the portal
    (``/laksa/r/LKS-2026-000123``) that opening it leads to; email carries it as an absolute link
    on ``PORTAL_PUBLIC_URL``. Call inside the transaction of the change it reports.
    """
    if url and not _is_local_path(url):
        raise ValueError("a notification links to a path in the portal, such as /laksa/...")
    title, body = in_language_of(user, title), in_language_of(user, body)
    notification = await Notification.create(
        user=user, plugin=plugin, title=title[:200], body=body, url=url
    )
    await send_message(user, subject=title, body=body, url=url, channels=channels)
    return notification


async def send_message(
    user: User, *, subject: Text, body: Text, url: str = "", channels: Sequence[str] = ("email",)
) -> int:
    """Queue a message to ``user`` in the outbox only, one per channel they have an address for,
    in their language; nothing under the bell. For what must not stay readable in the portal (a
    one-time code), or goes to someone not signed in. Returns how many messages were queued.

    ``url`` is a path in the portal, written as an absolute link after the body (it may carry a
    query). Call inside the transaction of the change it reports.
    """
    if url and not _is_local_path(url):
        raise ValueError("a message links to a path in the portal, such as /laksa/...")
    subject, body = in_language_of(user, subject), in_language_of(user, body)
    addresses = {OutboxChannel.EMAIL: user.email, OutboxChannel.SMS: user.phone}
    messages = [
        OutboxMessage(
            channel=channel,
            recipient=addresses[OutboxChannel(channel)],
            subject=subject[:200],
            body=body + (f"\n\n{absolute_url(url)}" if url else ""),
        )
        for channel in dict.fromkeys(channels)
        if addresses[OutboxChannel(channel)]
    ]
    if messages:
        await OutboxMessage.bulk_create(messages)
    return len(messages)


async def unread_count(user: User) -> int:
    """How many of ``user``'s notifications are unread (the number on the bell)."""
    return await Notification.filter(user_id=user.id, read_at__isnull=True).count()


def _is_local_path(url: str) -> bool:
    # Only same-site paths: a notification must not become an open redirect.
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


# Pages ------------------------------------------------------------------------------------------


@require_role()
async def notifications_page(request: Request) -> Response:
    """The signed-in user's notifications, newest first."""
    user = await current_user(request)
    assert user is not None
    unread = await unread_count(user)
    page = await paginate_keyset(
        Notification.filter(user_id=user.id),
        after=cursor_param(request, "after"),
        before=cursor_param(request, "before"),
        per_page=20,
    )
    return await render(
        request,
        "core/notifications.html",
        {"page": page, "unread": unread, "bell_unread": unread, "local_time": format_city_time},
    )


@require_role()
async def open_notification(request: Request) -> Response:
    """Mark one notification read and go where it points."""
    user = await current_user(request)
    assert user is not None
    notification_id = request.path_params["notification_id"]
    notification = await Notification.get_or_none(id=notification_id, user_id=user.id)
    if notification is None:
        raise HTTPException(404)  # someone else's notification does not exist for this user
    if notification.read_at is None:
        await Notification.filter(id=notification.id, read_at__isnull=True).update(
            read_at=datetime.now(UTC)
        )
    target = notification.url if _is_local_path(notification.url) else "/notifications"
    return RedirectResponse(target, status_code=303)


@require_role()
async def mark_all_read(request: Request) -> Response:
    user = await current_user(request)
    assert user is not None
    await Notification.filter(user_id=user.id, read_at__isnull=True).update(
        read_at=datetime.now(UTC)
    )
    if request.headers.get("hx-request"):
        return await notification_bell(request)
    return RedirectResponse("/notifications", status_code=303)


async def notification_bell(request: Request) -> Response:
    """The bell with the unread count (an htmx fragment, polled); empty once signed out."""
    user = await current_user(request)
    if user is None:
        return Response("")  # swapping in nothing removes the bell and ends the polling
    return await render(
        request,
        "core/_notification_bell.html",
        {"bell_unread": await unread_count(user), "bell_polling": True},
    )


# Outbox -----------------------------------------------------------------------------------------


class SmtpSender:
    """Sends email through the SMTP server of ``PORTAL_SMTP_URL``.

    ``smtp://user:password@host:587?from=noreply@example.org`` upgrades with STARTTLS when the
    server offers it; ``smtps://`` connects with TLS from the start.
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError("PORTAL_SMTP_URL must look like smtp://user:password@host:587")
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.tls else 587)
        self.username = unquote(parts.username or "")
        self.password = unquote(parts.password or "")
        query = parse_qs(parts.query)
        self.sender = query.get("from", [self.username or f"noreply@{self.host}"])[0]

    async def __call__(self, message: OutboxMessage) -> None:
        await asyncio.to_thread(self._send, message)

    def _send(self, message: OutboxMessage) -> None:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email.set_content(message.body)
        connection = smtplib.SMTP_SSL if self.tls else smtplib.SMTP
        with connection(self.host, self.port, timeout=30) as smtp:
            if not self.tls:
                smtp.ehlo()
                if smtp.has_extn("starttls"):
                    smtp.starttls()
                    smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(email)


class HttpSmsSender:
    """Sends SMS through an HTTP gateway, ``PORTAL_SMS_URL``.

    ``https://TOKEN@sms.example.org/send`` gets a JSON ``POST`` of ``{"to": "+62812...",
    "message": "..."}`` with ``Authorization: Bearer TOKEN``; any 2xx answer counts as sent. The
    SMS carries the body alone (no subject), cut to 459 characters, three SMS parts.
    """

    MAX_LENGTH = 459

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("PORTAL_SMS_URL must look like https://TOKEN@sms.example.org/send")
        self.token = unquote(parts.username or "")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.endpoint = parts._replace(netloc=netloc).geturl()

    async def __call__(self, message: OutboxMessage) -> None:
        await asyncio.to_thread(self._send, message)

    def _send(self, message: OutboxMessage) -> None:
        payload = {"to": message.recipient, "message": message.body[: self.MAX_LENGTH]}
        request = urllib.request.Request(
            self.endpoint,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Bearer {self.token}"} if self.token else {}),
            method="POST",
        )
        # A status outside 2xx raises HTTPError: the outbox keeps the message and tries again.
        with urllib.request.urlopen(request, timeout=30):
            pass


def senders_from_settings(settings: Settings) -> dict[str, Sender]:
    """The senders this installation has: email when ``PORTAL_SMTP_URL`` is set, SMS when
    ``PORTAL_SMS_URL`` is."""
    senders: dict[str, Sender] = {}
    if settings.smtp_url:
        senders[OutboxChannel.EMAIL] = SmtpSender(settings.smtp_url)
    if settings.sms_url:
        senders[OutboxChannel.SMS] = HttpSmsSender(settings.sms_url)
    return senders


def message_channels() -> tuple[str, ...]:
    """The channels a message to a person goes by: email, and SMS where a sender is set up (a
    message that no sender could deliver would only wait in the outbox)."""
    return ("email", "sms") if active_settings().sms_url else ("email",)


async def send_pending(senders: dict[str, Sender], *, limit: int = 500) -> dict[str, int]:
    """Deliver up to ``limit`` pending messages for the channels in ``senders``.

    Returns counts: ``sent``, ``failed`` (errors this run), ``waiting`` (pending messages of
    channels without a sender). Each message is claimed by raising its attempt count only if no
    other run did so first, so two runs at once do not send the same message twice.
    """
    counts = {"sent": 0, "failed": 0, "waiting": 0}
    pending = OutboxMessage.filter(status=OutboxStatus.PENDING)
    counts["waiting"] = await pending.exclude(channel__in=list(senders)).count()
    for message in await pending.filter(channel__in=list(senders)).order_by("id").limit(limit):
        claimed = await OutboxMessage.filter(
            id=message.id, status=OutboxStatus.PENDING, attempts=message.attempts
        ).update(attempts=message.attempts + 1)
        if not claimed:
            continue
        try:
            await senders[message.channel](message)
        except Exception as exc:  # any delivery error is recorded; the next run tries again
            counts["failed"] += 1
            status = (
                OutboxStatus.FAILED
                if message.attempts + 1 >= MAX_ATTEMPTS
                else OutboxStatus.PENDING
            )
            await OutboxMessage.filter(id=message.id).update(
                status=status, last_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
        else:
            counts["sent"] += 1
            await OutboxMessage.filter(id=message.id).update(
                status=OutboxStatus.SENT, sent_at=datetime.now(UTC), last_error=""
            )
    return counts
