"""A small Language Server Protocol client over stdio, enough to open a record in the real
yaml-language-server (what VS Code's YAML extension runs) and read its diagnostics and
hovers, as a teacher's editor would show them."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import IO, Any

from conftest import PROJECT

SERVER = (
    PROJECT
    / "tools"
    / "browser"
    / "node_modules"
    / "yaml-language-server"
    / "bin"
    / "yaml-language-server"
)
# The editor's settings: check against the schema the record names, and never look
# anything up on the internet (the schema store is off).
SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "schemaStore": {"enable": False},
        "schemas": {},
        "format": {"enable": False},
    }
}


class YamlLanguageServer:
    """yaml-language-server started with ``--stdio`` in ``root``."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "NODE_OPTIONS": ""},
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in: IO[bytes] = self.process.stdin
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._next_id = 0
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            self._messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self._in.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._in.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        self._next_id += 1
        wanted = self._next_id
        self._send({"id": wanted, "method": method, "params": params})
        reply = self._wait(lambda m: m.get("id") == wanted and "method" not in m, timeout)
        return reply.get("result")

    def _answer(self, message: dict[str, Any]) -> None:
        # Requests from the server: its settings, and registrations we accept.
        if message.get("method") == "workspace/configuration":
            items = message["params"]["items"]
            result: Any = [SETTINGS["yaml"] if i.get("section") == "yaml" else None for i in items]
        else:
            result = None
        self._send({"id": message["id"], "result": result})

    def _wait(self, match: Any, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("yaml-language-server did not answer in time")
            message = self._messages.get(timeout=left)
            if "method" in message and "id" in message:
                self._answer(message)
                continue
            if match(message):
                return message

    def diagnostics(self, path: Path, text: str, timeout: float = 60) -> list[dict[str, Any]]:
        """Open ``path`` with ``text`` and return the diagnostics the editor would show."""
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        message = self._wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            ),
            timeout,
        )
        return list(message["params"]["diagnostics"])

    def hover(self, path: Path, line: int, character: int) -> str:
        """The hover text at a 0-based position of an open document."""
        result = self.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": path.as_uri()},
                "position": {"line": line, "character": character},
            },
        )
        if not result:
            return ""
        contents = result["contents"]
        if isinstance(contents, dict):
            return str(contents.get("value", ""))
        if isinstance(contents, list):
            return "\n".join(c if isinstance(c, str) else str(c.get("value", "")) for c in contents)
        return str(contents)

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
        except (TimeoutError, OSError, queue.Empty):
            pass
        self.process.kill()
        self.process.wait(timeout=10)
