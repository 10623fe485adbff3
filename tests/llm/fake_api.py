"""A stand-in for the Anthropic Messages API: a real HTTP server on loopback that replays a script.

Tests reach it through the real `anthropic` SDK (its `base_url`), so the SDK's
request building, response parsing, retries and timeouts are all exercised.
Each request to `POST /v1/messages` takes the next reply of the script; every
request is recorded (headers and JSON body). An exhausted script answers 400,
which the SDK does not retry, so a test that asks more than it scripted fails.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: object = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    raw: bytes | None = None


def message(*content: dict, input_tokens: int = 120, output_tokens: int = 20) -> Reply:
    return Reply(
        body={
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-5-5",
            "content": list(content),
            "stop_reason": "tool_use",
            "stop_sequence": None,
            "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
        }
    )


def tool_use(name: str, values: object, id: str = "toolu_1") -> dict:
    return {"type": "tool_use", "id": id, "name": name, "input": values}


def text(value: str) -> dict:
    return {"type": "text", "text": value}


def propose(expression: str) -> Reply:
    return message(tool_use("propose_expression", {"expression": expression}))


def judge(same: bool, reason: str = "they agree") -> Reply:
    return message(tool_use("judge_meaning", {"same_meaning": same, "reason": reason}))


def error(status: int, kind: str, retry_after: str | None = None) -> Reply:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    return Reply(status, {"type": "error", "error": {"type": kind, "message": kind}}, headers)


def hang(seconds: float) -> Reply:
    """A reply that comes too late (the SDK's timeout fires first)."""
    return Reply(delay_s=seconds, body={"type": "error", "error": {"type": "late", "message": ""}})


class FakeApi:
    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeApi:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def then(self, *replies: Reply) -> FakeApi:
        self.script.extend(replies)
        return self

    def purposes(self) -> list[str]:
        """Which tool each request forced, in order."""
        return [r["body"]["tool_choice"]["name"] for r in self.requests]

    def _next(self, request: dict) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.script:
                return self.script.pop(0)
        return error(400, "invalid_request_error: the fake API's script is exhausted")

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                reply = api._next({"path": self.path, "headers": dict(self.headers), "body": body})
                time.sleep(reply.delay_s)
                data = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args) -> None:
                pass

        return Handler
