"""A Typst document to PDF, in a child process kept warm between files.

Typst keeps its fonts and the memo of what it laid out in the process that compiles: in
the task worker itself that memory would stay. A child process keeps it out of the
worker, and gives it back when it ends. The child is kept for the next file (the first
file of a child pays its start, the fonts read once), and replaced after MAX_FILES
files or when it has grown past MAX_RSS_MB, and whenever it fails or takes longer than
TIMEOUT_SECONDS (killed, and the file refused with PdfError).

The child is `python -m reports.pdf`: it reads files framed as an 8-byte length and the
Typst source in UTF-8 on stdin, and answers each with a status byte (0 the PDF, 1 an
error message), an 8-byte length and the bytes.
"""

import contextlib
import os
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

TIMEOUT_SECONDS = 300
MAX_FILES = 50
MAX_RSS_MB = 400
PROJECT = Path(__file__).resolve().parent.parent  # where `reports` is importable
_LENGTH = struct.Struct(">Q")
_OK, _FAILED = b"\x00", b"\x01"


class PdfError(RuntimeError):
    pass


class Renderer:
    """One warm child at a time; one file at a time (a lock), as the worker runs tasks."""

    def __init__(self, *, max_files: int = MAX_FILES, timeout: float = TIMEOUT_SECONDS):
        self.max_files = max_files
        self.timeout = timeout
        self._process: subprocess.Popen | None = None
        self._files = 0
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process and self._process.poll() is None else None

    def render(self, source: str) -> bytes:
        with self._lock:
            # A child that died since its last file (killed, out of memory) is replaced
            # once; a second failure is the file's own.
            for attempt in (1, 2):
                process = self._child()
                try:
                    status, payload = self._ask(process, source.encode("utf-8"))
                except TimeoutError as error:  # before OSError, of which it is one
                    self.stop(kill=True)
                    raise PdfError(f"The PDF took longer than {self.timeout:g} s") from error
                except (OSError, EOFError) as error:
                    self.stop(kill=True)
                    if attempt == 2:
                        raise PdfError(f"The PDF could not be made: {error!r}") from error
                    continue
                self._files += 1
                if self._files >= self.max_files or _rss_mb(process.pid) > MAX_RSS_MB:
                    self.stop()
                if status != _OK:
                    raise PdfError(f"The PDF could not be made: {payload.decode(errors='replace')}")
                return payload
        raise AssertionError("unreachable")

    def stop(self, *, kill: bool = False) -> None:
        """End the child: at the end of its input (it has finished its file), or at once
        (`kill`: it is stuck or broken)."""
        process, self._process, self._files = self._process, None, 0
        if process is None:
            return
        if kill:
            process.kill()
        with contextlib.suppress(OSError):
            process.stdin.close()  # type: ignore[union-attr] - the child ends at its input's end
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        process.stdout.close()  # type: ignore[union-attr]

    def _child(self) -> subprocess.Popen:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.stop()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "reports.pdf"],
            cwd=PROJECT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        return self._process

    def _ask(self, process: subprocess.Popen, data: bytes) -> tuple[bytes, bytes]:
        if process.stdin is None or process.stdout is None:
            raise OSError("the PDF renderer has no pipes")
        process.stdin.write(_LENGTH.pack(len(data)) + data)
        process.stdin.flush()
        deadline = time.monotonic() + self.timeout
        status = _read(process.stdout, 1, deadline)
        length = _LENGTH.unpack(_read(process.stdout, _LENGTH.size, deadline))[0]
        return status, _read(process.stdout, length, deadline)


def _read(stream, size: int, deadline: float) -> bytes:
    """Exactly `size` bytes from the child, or TimeoutError at the deadline, EOFError
    if it ended."""
    chunks, left = [], size
    fd = stream.fileno()
    while left:
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([fd], [], [], wait)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the PDF renderer ended")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


_renderer = Renderer()


def typst_to_pdf(source: str) -> bytes:
    """The PDF of the Typst document `source`, made by this process's warm renderer."""
    return _renderer.render(source)


def main() -> None:
    import traceback

    import typst  # only in the child

    source, answer = sys.stdin.buffer, sys.stdout.buffer
    while header := source.read(_LENGTH.size):
        document = source.read(_LENGTH.unpack(header)[0])
        try:
            status, payload = _OK, typst.compile(document)
        except Exception:
            status, payload = _FAILED, traceback.format_exc(limit=3).encode()
        answer.write(status + _LENGTH.pack(len(payload)) + payload)
        answer.flush()


if __name__ == "__main__":
    main()
