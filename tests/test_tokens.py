"""Signed tokens and QR codes."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tangerang_live import InvalidToken, qr_svg, sign_token, tokens, verify_token
from tangerang_live.settings import Settings, active_settings, use_settings


@pytest.fixture(autouse=True)
def secret_key():
    before = active_settings()
    use_settings(Settings(env="test", secret_key="the-portal-secret"))
    yield
    use_settings(before)


payloads = st.dictionaries(
    st.text(max_size=10), st.one_of(st.integers(), st.text(max_size=20), st.booleans()), max_size=4
)


@given(payloads)
def test_a_token_gives_back_its_payload_for_its_purpose_only(payload):
    token = sign_token(payload, purpose="siap_kerja.card")
    assert re.fullmatch(r"[A-Za-z0-9_.\-]+", token)  # fits in a URL and a QR code as is
    assert verify_token(token, purpose="siap_kerja.card") == payload
    with pytest.raises(InvalidToken) as other:
        verify_token(token, purpose="simpati_rs.ticket")
    assert other.value.reason == "invalid"


@given(payloads, st.integers(0, 200), st.sampled_from("AQZaz09-_."))
def test_any_change_to_a_token_is_refused(payload, position, replacement):
    token = sign_token(payload, purpose="p")
    position %= len(token)
    tampered = token[:position] + replacement + token[position + 1 :]
    if tampered != token:
        with pytest.raises(InvalidToken):
            verify_token(tampered, purpose="p")


def test_a_token_expires_and_says_so(monkeypatch):
    token = sign_token({"ticket": 12}, purpose="queue", expires_in=timedelta(minutes=30))
    assert verify_token(token, purpose="queue") == {"ticket": 12}
    later = time.time() + 31 * 60
    monkeypatch.setattr(tokens.time, "time", lambda: later)
    with pytest.raises(InvalidToken) as expired:
        verify_token(token, purpose="queue")
    assert expired.value.reason == "expired"


def test_another_secret_key_invalidates_every_token():
    token = sign_token({"id": 1}, purpose="p")
    use_settings(Settings(env="test", secret_key="another-secret"))
    with pytest.raises(InvalidToken):
        verify_token(token, purpose="p")


def test_a_qr_code_is_an_inline_labelled_svg_drawn_from_its_data():
    svg = qr_svg("https://live.tangerangkota.go.id/siap-kerja/c/abc", label='Kartu "AK/1" <x>')
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert 'role="img"' in svg and 'aria-label="Kartu &#34;AK/1&#34; &lt;x&gt;"' in svg
    assert "<script" not in svg and "style=" not in svg
    assert re.search(r'viewBox="0 0 (\d+) \1"', svg)  # square, sized by CSS
    assert qr_svg("a") != qr_svg("b")
