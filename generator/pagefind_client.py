"""A small synchronous client of Pagefind's indexing service (`pagefind --service`).

The service is the Rust binary that Pagefind's own Node and Python APIs drive: each request
and each response is JSON, base64-encoded and followed by a comma, on its stdin and stdout.
Pagefind's Python API (`pagefind.index`) reads one response per 100 ms, too slow to hand it
10,000 pages one at a time; in this client a writer thread sends the requests in the order
they come and a reader thread takes the responses as fast as the service sends them. So
MkDocs hands each page over and goes on at once (it never waits for a full pipe), Pagefind
indexes on another core meanwhile, and `finish` has it build the index while MkDocs goes on.
"""

from __future__ import annotations

import base64
import contextlib
import json
import queue
import subprocess
import threading
from pathlib import Path, PurePosixPath


class PagefindError(Exception):
    """The service could not start, or refused a request."""


def executable() -> Path:
    """The Pagefind binary that `pagefind[bin]` installed (the one the Python API would use)."""
    try:
        from pagefind.service import get_executable
    except ImportError as error:
        raise PagefindError("the pagefind package is not installed (pip install 'pagefind[bin]')") from error
    binary = get_executable()
    if binary is None:
        raise PagefindError("no Pagefind binary found (pip install 'pagefind[bin]')")
    return binary


class PagefindService:
    """One `pagefind --service` process holding one index."""

    def __init__(self, root_selector: str, exclude_selectors: list[str]) -> None:
        try:
            self.process = subprocess.Popen([str(executable()), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as error:
            raise PagefindError(f"cannot run Pagefind ({error})") from None
        self.sent = 0
        self.answers: dict[int, dict] = {}  # responses someone waits for (see `wait`)
        self.awaited: set[int] = set()
        self.errors: list[str] = []
        self.files_request: int | None = None  # the GetFiles request, once `finish` sent it
        self.pages = 0
        self.changed = threading.Condition()
        self.outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()  # requests, in order; None: no more
        self.writer = threading.Thread(target=self._write, name="pagefind-requests", daemon=True)
        self.reader = threading.Thread(target=self._read, name="pagefind-responses", daemon=True)
        self.writer.start()
        self.reader.start()
        config = {"root_selector": root_selector, "exclude_selectors": exclude_selectors}
        self.index_id = self.call({"type": "NewIndex", "config": config})["index_id"]

    def send(self, payload: dict, awaited: bool = False) -> int:
        """Send a request without waiting for its answer; its message id."""
        self.sent += 1
        message_id = self.sent
        if awaited:
            with self.changed:
                self.awaited.add(message_id)
        if not self.writer.is_alive():
            raise PagefindError(f"the service stopped{self._first_error()}")
        request = {"message_id": message_id, "payload": payload}
        self.outbox.put(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")
        return message_id

    def call(self, payload: dict) -> dict:
        """Send a request and wait for its answer."""
        return self.wait(self.send(payload, awaited=True))

    def wait(self, message_id: int) -> dict:
        with self.changed:
            self.changed.wait_for(lambda: message_id in self.answers or not self.reader.is_alive())
            answer = self.answers.pop(message_id, None)
        if answer is None:
            raise PagefindError(f"the service stopped{self._first_error()}")
        if answer.get("type") == "Error":
            raise PagefindError(answer.get("message", "unknown error"))
        return answer

    def add_page(self, html: str, url: str) -> None:
        """Hand a page to the index (answered in the background; errors kept for `write`)."""
        if self.files_request is not None:
            raise PagefindError(f"{url}: the index is already being built (`finish` was called)")
        self.send({"type": "AddFile", "index_id": self.index_id, "url": url, "file_path": None,
                   "file_contents": html})

    def finish(self) -> None:
        """No more pages: the service builds the index now, while the caller goes on.

        The service handles its requests one at a time in the order they came, so the index
        holds every page handed over before this call."""
        if self.files_request is None:
            self.pages = self.sent - 1  # the NewIndex request
            self.files_request = self.send({"type": "GetFiles", "index_id": self.index_id}, awaited=True)

    def write(self, folder: Path) -> int:
        """Wait for the index (`finish` if not yet done), write it into `folder`; the pages indexed.

        The service hands the files over (`GetFiles`) and they are written here: its own
        `WriteFiles` answers before its writes are done (Pagefind 1.5.2 leaves them to tokio's
        blocking pool unflushed, Pagefind issue #1271), and closing the service then cut files
        short (an empty `pagefind-modular-ui.js` on a busy machine)."""
        self.finish()
        files = self.wait(self.files_request)["files"]
        if self.errors:  # the pages' answers came before the files'
            raise PagefindError(f"{len(self.errors)} page(s) not indexed: {self.errors[0]}")
        for file in files:
            path = PurePosixPath(file["path"])
            if path.is_absolute() or ".." in path.parts or not path.parts:
                raise PagefindError(f"the service named a file outside the index: {file['path']!r}")
            target = folder.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))
        return self.pages

    def close(self) -> None:
        self.outbox.put(None)
        self.writer.join(timeout=10)
        if self.process.stdin and not self.process.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=10)

    def _write(self) -> None:
        """Send the requests to the service's stdin, in order, until told to stop or the service is gone."""
        stdin = self.process.stdin
        while (request := self.outbox.get()) is not None:
            try:
                stdin.write(request)
                if self.outbox.empty():
                    stdin.flush()
            except (BrokenPipeError, ValueError):
                return

    def _read(self) -> None:
        """Take responses off the service's stdout until it closes.

        A response can be tens of megabytes (the index's files): its chunks are joined once it
        is complete, not appended to a growing buffer, which copied it over and over (7 s for
        the 33 MB of 10,000 papers' index)."""
        pending: list[bytes] = []  # the chunks of an unfinished response
        stdout = self.process.stdout
        while chunk := stdout.read1(1 << 16):
            if b"," not in chunk:
                pending.append(chunk)
                continue
            *messages, rest = chunk.split(b",")
            messages[0] = b"".join([*pending, messages[0]])
            pending = [rest] if rest else []
            for message in messages:
                self._take(json.loads(base64.b64decode(message)))
        with self.changed:
            self.changed.notify_all()

    def _take(self, response: dict) -> None:
        payload = response.get("payload") or {}
        message_id = response.get("message_id")
        with self.changed:
            if message_id in self.awaited:
                self.awaited.discard(message_id)
                self.answers[message_id] = payload
            elif payload.get("type") == "Error":
                self.errors.append(payload.get("message", "unknown error"))
            self.changed.notify_all()

    def _first_error(self) -> str:
        return f": {self.errors[0]}" if self.errors else ""
