"""Notifications: the bell, the list, who sees what, and delivery of the outbox."""

from __future__ import annotations

import re
import socketserver
import sqlite3
import threading
from email import message_from_bytes

import pytest
from processes import free_port, migrated_portal_env, run_cli
from sms_gateway import sms_gateway
from tangerang_live import Notification, OutboxMessage, notify, unread_count
from tangerang_live.notifications import HttpSmsSender, SmtpSender, send_pending
from tangerang_live.service_models import OutboxStatus
from tangerang_live.testing import create_user, running_portal, text_of
from tortoise.transactions import in_transaction

PASSWORD = "rahasia-yang-panjang"


async def test_notify_writes_the_notification_and_one_outbox_row_per_known_address(tmp_path):
    async with running_portal(tmp_path):
        with_phone = await create_user("siti@example.org", phone="+6281234567890")
        email_only = await create_user("budi@example.org")
        await notify(
            with_phone,
            plugin="laksa",
            title="Laporan LKS-2026-000123 diverifikasi",
            body="Laporan Anda sudah diverifikasi petugas.",
            url="/laksa/r/LKS-2026-000123",
            channels=("email", "sms"),
        )
        await notify(
            email_only, plugin="laksa", title="Laporan diterima", body="", channels=("sms",)
        )
        rows = await OutboxMessage.all().order_by("id")
        assert [(r.channel, r.recipient) for r in rows] == [
            ("email", "siti@example.org"),
            ("sms", "+6281234567890"),
        ]
        assert rows[0].subject == "Laporan LKS-2026-000123 diverifikasi"
        assert "/laksa/r/LKS-2026-000123" in rows[0].body
        assert all(r.status == OutboxStatus.PENDING for r in rows)
        assert await unread_count(with_phone) == 1 and await unread_count(email_only) == 1


async def test_links_go_only_to_portal_paths(tmp_path):
    async with running_portal(tmp_path):
        user = await create_user("siti@example.org")
        for url in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
            with pytest.raises(ValueError):
                await notify(user, plugin="laksa", title="x", body="", url=url)
        assert not await Notification.exists()


async def test_a_rolled_back_change_notifies_nobody(tmp_path):
    async with running_portal(tmp_path):
        user = await create_user("siti@example.org")
        with pytest.raises(RuntimeError):
            async with in_transaction():
                await notify(user, plugin="laksa", title="Status berubah", body="Selesai")
                raise RuntimeError("the status change failed")
        assert not await Notification.exists()
        assert not await OutboxMessage.exists()
        assert await unread_count(user) == 0


async def test_the_bell_counts_unread_and_reading_clears_it(tmp_path):
    async with running_portal(tmp_path) as client:
        user = await create_user("siti@example.org")
        first = await notify(
            user, plugin="laksa", title="Laporan diverifikasi", body="", url="/laksa/"
        )
        await notify(user, plugin="laksa", title="Laporan diproses", body="Petugas menuju lokasi")
        await client.sign_in("siti@example.org", PASSWORD)

        home = await client.get("/")
        assert 'hx-get="/notifications/bell"' in home.text and 'href="/notifications"' in home.text
        bell = await client.get("/notifications/bell", headers={"hx-request": "true"})
        assert "<mark>2</mark>" in bell.text
        assert 'hx-trigger="every 30s"' in bell.text  # keeps polling, no reload loop

        listing = await client.get("/notifications")
        assert "Laporan diverifikasi" in text_of(listing.text)
        assert text_of(listing.text).index("Laporan diproses") < text_of(listing.text).index(
            "Laporan diverifikasi"
        )  # newest first

        opened = await client.get(f"/notifications/{first.id}")
        assert opened.status_code == 303 and opened.headers["location"] == "/laksa/"
        assert await unread_count(user) == 1
        assert "<mark>1</mark>" in (await client.get("/notifications/bell")).text

        done = await client.post("/notifications/read-all")
        assert done.status_code == 303
        assert await unread_count(user) == 0
        assert "<mark>" not in (await client.get("/notifications/bell")).text


async def test_nobody_sees_or_opens_anothers_notifications(tmp_path):
    async with running_portal(tmp_path) as client:
        siti = await create_user("siti@example.org")
        await create_user("budi@example.org")
        private = await notify(siti, plugin="laksa", title="Rahasia Siti", body="Isi pribadi")
        await client.sign_in("budi@example.org", PASSWORD)
        assert "Rahasia Siti" not in (await client.get("/notifications")).text
        assert (await client.get(f"/notifications/{private.id}")).status_code == 404
        await client.post("/notifications/read-all")
        await private.refresh_from_db()
        assert private.read_at is None  # Budi's "mark all read" touched only his own
        assert "<mark>" not in (await client.get("/notifications/bell")).text


async def test_signed_out_visitors_get_no_bell_and_no_list(tmp_path):
    async with running_portal(tmp_path) as client:
        assert "/notifications/bell" not in (await client.get("/")).text
        bell = await client.get("/notifications/bell", headers={"hx-request": "true"})
        assert bell.status_code == 200 and bell.text == ""
        listing = await client.get("/notifications")
        assert listing.status_code == 303 and listing.headers["location"].startswith("/login")


async def test_notification_text_is_escaped(tmp_path):
    async with running_portal(tmp_path) as client:
        user = await create_user("siti@example.org")
        await notify(user, plugin="laksa", title="<script>alert(1)</script>", body="<img src=x>")
        await client.sign_in("siti@example.org", PASSWORD)
        page = (await client.get("/notifications")).text
        assert "<script>alert(1)</script>" not in page and "<img src=x>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_the_list_pages_through_many_notifications(tmp_path):
    async with running_portal(tmp_path) as client:
        user = await create_user("siti@example.org")
        for n in range(45):
            await notify(user, plugin="laksa", title=f"Pemberitahuan nomor {n:02d}", body="")
        await client.sign_in("siti@example.org", PASSWORD)
        seen: list[str] = []
        url: str | None = "/notifications"
        while url:
            page = await client.get(url)
            seen += re.findall(r"Pemberitahuan nomor (\d\d)", page.text)
            next_links = [
                p.split('"')[0]
                for p in page.text.split('href="')[1:]
                if 'rel="next"' in p.split(">")[0]
            ]
            url = next_links[0].replace("&amp;", "&") if next_links else None
        assert seen == [f"{n:02d}" for n in reversed(range(45))]


class _Recorder:
    def __init__(self, fail_for: set[str] = frozenset()) -> None:
        self.sent: list[str] = []
        self.fail_for = fail_for

    async def __call__(self, message: OutboxMessage) -> None:
        if message.recipient in self.fail_for:
            raise ConnectionError("mail server unreachable")
        self.sent.append(message.recipient)


async def test_outbox_delivery_sends_retries_and_gives_up(tmp_path):
    async with running_portal(tmp_path):
        good = await create_user("siti@example.org", phone="+628111")
        bad = await create_user("salah@example.org")
        await notify(good, plugin="laksa", title="A", body="a", channels=("email", "sms"))
        await notify(bad, plugin="laksa", title="B", body="b")
        sender = _Recorder(fail_for={"salah@example.org"})

        counts = await send_pending({"email": sender})
        assert counts == {"sent": 1, "failed": 1, "waiting": 1}  # the SMS has no sender
        assert sender.sent == ["siti@example.org"]
        assert (await send_pending({"email": sender}))["sent"] == 0  # nothing is sent twice

        for _ in range(10):
            await send_pending({"email": sender})
        failed = await OutboxMessage.get(recipient="salah@example.org")
        assert failed.status == OutboxStatus.FAILED and failed.attempts == 5
        assert "unreachable" in failed.last_error
        delivered = await OutboxMessage.get(recipient="siti@example.org")
        assert delivered.status == OutboxStatus.SENT and delivered.sent_at is not None
        assert (await OutboxMessage.get(channel="sms")).status == OutboxStatus.PENDING


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive one message."""

    def handle(self) -> None:
        self.wfile.write(b"220 uji ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.wfile.write(b"250-uji\r\n250 8BITMIME\r\n")
            elif command == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.received.append(data)  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


async def test_the_smtp_sender_delivers_a_real_message(tmp_path):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", free_port()), _SmtpHandler)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        sender = SmtpSender(f"smtp://127.0.0.1:{port}?from=laksa@tangerangkota.example")
        message = OutboxMessage(
            channel="email",
            recipient="siti@example.org",
            subject="Laporan selesai",
            body="Terima kasih",
        )
        await sender(message)
    finally:
        server.shutdown()
        server.server_close()
    email = message_from_bytes(server.received[0])  # type: ignore[attr-defined]
    assert email["To"] == "siti@example.org" and email["Subject"] == "Laporan selesai"
    assert email["From"] == "laksa@tangerangkota.example"
    assert "Terima kasih" in email.get_payload()


async def test_the_sms_sender_posts_to_the_gateway_and_a_refusal_keeps_the_message(tmp_path):
    async with running_portal(tmp_path):
        with sms_gateway() as gateway:
            sender = HttpSmsSender(gateway.url)
            user = await create_user(
                "siti@contoh.id", "sandi-panjang-sekali", phone="+6281234567890"
            )
            await notify(user, plugin="laksa", title="Laporan", body="Selesai " * 100,
                         channels=("sms",))  # fmt: skip
            gateway.status = 503
            assert await send_pending({"sms": sender}) == {"sent": 0, "failed": 1, "waiting": 0}
            message = await OutboxMessage.get(channel="sms")
            assert message.status == OutboxStatus.PENDING and "503" in message.last_error
            gateway.status = 200
            assert await send_pending({"sms": sender}) == {"sent": 1, "failed": 0, "waiting": 0}
            assert (await OutboxMessage.get(id=message.id)).status == OutboxStatus.SENT
        posted, authorization = gateway.received[-1]
        assert authorization == "Bearer rahasia-gateway"
        assert posted["to"] == "+6281234567890"
        assert posted["message"].startswith("Selesai") and len(posted["message"]) == 459


def test_a_bad_smtp_or_sms_url_is_refused():
    with pytest.raises(ValueError):
        HttpSmsSender("sms://gateway.example")
    with pytest.raises(ValueError):
        SmtpSender("http://mail.example")


def test_outbox_send_without_smtp_says_messages_wait(tmp_path):
    env = migrated_portal_env(tmp_path / "var")
    with sqlite3.connect(tmp_path / "var" / "portal.sqlite3") as database:
        database.execute(
            "INSERT INTO core_outbox (channel, recipient, subject, body, status, attempts, "
            "last_error, created_at) VALUES ('email', 'a@example.org', 's', 'b', 'pending', 0, '', "
            "'2026-11-27 10:00:00+00:00')"
        )
    result = run_cli(env, "outbox", "send")
    assert result.returncode == 0, result.stderr
    assert "1 message(s) wait" in result.stdout and "PORTAL_SMTP_URL" in result.stdout
