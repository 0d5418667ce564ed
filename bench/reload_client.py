"""A browser's side of the live preview's reload signal, in the standard library: a WebSocket client.

`python build.py serve` speaks the livereload protocol on `ws://HOST:PORT/livereload` (what the page's
livereload.js connects to): the client says `hello`, then `info` with its page's URL, and from then
on gets `{"command": "reload", ...}` after every rebuild. The benchmark only needs that much, so it
needs no WebSocket library (and the runner stays small: see bench/run.py).
"""

from __future__ import annotations

import base64
import json
import os
import select
import socket
import struct
import time

PROTOCOL = "http://livereload.com/protocols/official-7"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def frame(text: str) -> bytes:
    """One masked text frame, as a client must send it (RFC 6455, section 5.2)."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x81, 0x80 | size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", 0x81, 0x80 | 126, size)
    else:
        head = struct.pack("!BBQ", 0x81, 0x80 | 127, size)
    mask = os.urandom(4)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def unframe(buffer: bytes) -> tuple[int, bytes, int] | None:
    """The first complete server frame in `buffer`: (opcode, payload, bytes used), or None if incomplete."""
    if len(buffer) < 2:
        return None
    opcode, size, used = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
    if size == 126:
        if len(buffer) < 4:
            return None
        size, used = struct.unpack("!H", buffer[2:4])[0], 4
    elif size == 127:
        if len(buffer) < 10:
            return None
        size, used = struct.unpack("!Q", buffer[2:10])[0], 10
    if buffer[1] & 0x80:  # a server does not mask, but read a masked frame all the same
        mask, used = buffer[used : used + 4], used + 4
        if len(buffer) < used + size:
            return None
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(buffer[used : used + size]))
    else:
        if len(buffer) < used + size:
            return None
        payload = buffer[used : used + size]
    return opcode, payload, used + size


class LiveReloadClient:
    """Connected to the preview on `port` as a page would be; `receive()` returns its next message."""

    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.sock = socket.create_connection((host, port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET /livereload HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("the preview closed the connection during the WebSocket handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"no WebSocket at /livereload: {head.splitlines()[0].decode(errors='replace')}")
        self.send({"command": "hello", "protocols": [PROTOCOL]})
        if (self.receive(10) or {}).get("command") != "hello":
            raise ConnectionError("the preview did not answer livereload's hello")
        self.send({"command": "info", "plugins": {}, "url": f"http://{host}:{port}/"})  # from now on, reloads come

    def send(self, message: dict) -> None:
        self.sock.sendall(frame(json.dumps(message)))

    def receive(self, timeout: float) -> dict | None:
        """The next text message as JSON, or None if none came within `timeout` seconds."""
        deadline = time.perf_counter() + timeout
        while True:
            found = unframe(self.buffer)
            if found:
                opcode, payload, used = found
                self.buffer = self.buffer[used:]
                if opcode == 0x8:
                    raise ConnectionError("the preview closed the WebSocket")
                if opcode == 0x1:
                    return json.loads(payload)
                continue  # ping, pong, binary: not livereload's
            left = deadline - time.perf_counter()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return None
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the preview closed the connection")
            self.buffer += chunk

    def close(self) -> None:
        self.sock.close()
