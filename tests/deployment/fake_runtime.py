"""A minimal Lambda Runtime API (2018-06-01) that hands out one event and records what comes back."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime"


class FakeRuntimeApi:
    """Serves `event` to the first `GET /invocation/next`; later calls wait until `close()`."""

    def __init__(self, event, request_id="8f507cfc-e3f0-4b3c-9a5e-3c2a1b0d9e8f"):
        self.event = json.dumps(event).encode()
        self.request_id = request_id
        self.posts = {}  # path -> body
        self.waiting_for_next = threading.Event()  # set when the runtime asks for a second event
        self._closed = threading.Event()
        self._next_calls = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def address(self):
        host, port = self._server.server_address
        return f"{host}:{port}"

    def close(self):
        self._closed.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            # Lambda's Runtime API (and the emulator's Go server) keep connections alive; an HTTP/1.0 server
            # closing each one races the client's reuse of it.
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                if self.path != f"{PREFIX}/invocation/next":
                    return self._reply(404, b"{}")
                api._next_calls += 1
                if api._next_calls > 1:
                    api.waiting_for_next.set()
                    api._closed.wait(60)
                    self.close_connection = True
                    return
                self._reply(200, api.event, {
                    "Lambda-Runtime-Aws-Request-Id": api.request_id,
                    "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 900_000),
                    "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:studio-auto-installer",
                    "Lambda-Runtime-Trace-Id": "Root=1-674199f3-6c1b2a3d4e5f6a7b8c9d0e1f;Sampled=0",
                })

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                api.posts[self.path] = body
                self._reply(202, b'{"status":"OK"}')

            def _reply(self, status, body, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler
