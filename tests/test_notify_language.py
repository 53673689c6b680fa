"""Notifications are written in the recipient's language, whoever triggers them."""

from __future__ import annotations

from tangerang_live import LocalizedText, Notification, OutboxMessage, gettext, notify
from tangerang_live.testing import create_user, running_portal

TITLE = LocalizedText("Laporan Anda dijawab", "Your report was answered")


def body(locale: str) -> str:
    # gettext inside the function answers in the recipient's language.
    return f"[{locale}] " + gettext("Page not found.")


async def test_each_recipient_reads_the_notification_in_their_own_language(tmp_path):
    async with running_portal(tmp_path, public_url="https://live.tangerangkota.go.id") as client:
        assert client  # the page language stays Indonesian throughout
        english = await create_user("reader@example.org", locale="en")
        indonesian = await create_user("pembaca@example.org", locale="id")
        for user in (english, indonesian):
            await notify(user, plugin="laksa", title=TITLE, body=body, url="/laksa/r/1")
        notes = {n.user_id: n for n in await Notification.all()}
        assert notes[english.id].title == "Your report was answered"
        assert notes[english.id].body == "[en] Page not found."
        assert notes[indonesian.id].title == "Laporan Anda dijawab"
        assert notes[indonesian.id].body == "[id] Halaman tidak ditemukan."
        mails = {m.recipient: m for m in await OutboxMessage.all()}
        assert mails["reader@example.org"].subject == "Your report was answered"
        assert mails["reader@example.org"].body == (
            "[en] Page not found.\n\nhttps://live.tangerangkota.go.id/laksa/r/1"
        )
        assert gettext("Page not found.") == "Halaman tidak ditemukan."
