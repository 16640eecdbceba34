"""Real servers for the tests that need what production has: a free port, Debian's
redis-server started on it, and the rule for a server that is not installed (the test
is skipped with what to install; with REQUIRE_SERVER_TESTS=1, set by .ci/run, a failure)."""

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Send `sig` to a server still running, wait for it to end, kill it if it will not."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def missing(message: str) -> None:
    if os.environ.get("REQUIRE_SERVER_TESTS") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def redis_server_binary() -> str | None:
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A throwaway Redis on 127.0.0.1 and a free port, nothing written to disk; yields
    its URL."""
    binary = redis_server_binary()
    if binary is None:
        missing("The shared-cache tests need Redis (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)
