"""A local SMS gateway for tests: a real HTTP server that records what the portal posts to it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Gateway:
    url: str
    """``http://TOKEN@127.0.0.1:PORT/send``, as ``PORTAL_SMS_URL`` takes it."""
    received: list[tuple[dict, str]] = field(default_factory=list)
    """Each SMS posted: its JSON and its ``Authorization`` header."""
    status: int = 200
    """What the gateway answers (set 503 to play a gateway that is down)."""


@contextmanager
def sms_gateway(token: str = "rahasia-gateway") -> Iterator[Gateway]:
    gateway = Gateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            gateway.received.append((json.loads(body), self.headers.get("Authorization", "")))
            self.send_response(gateway.status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway.url = f"http://{token}@127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
