"""Loopback HTTP/1.1 server for the request benchmarks (stdlib only, run as its own process).

``python bench/server.py BODIES_DIR`` serves, on 127.0.0.1 and a free port it prints as
its first line of output:

* ``GET /external_connections`` (any query): ``BODIES_DIR/list.json``
* ``GET /external_connections/<id>``: ``BODIES_DIR/retrieve.json``

Keep-alive (HTTP/1.1) and ``TCP_NODELAY`` on every accepted socket: without it the
stdlib server writes headers and body separately and the second write waits ~40 ms
for the client's delayed ACK. It exits when its standard input closes, so it never
outlives the benchmark that started it.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def main() -> None:
    bodies = Path(sys.argv[1])
    retrieve = (bodies / "retrieve.json").read_bytes()
    listing = (bodies / "list.json").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # sets TCP_NODELAY on the connection socket

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].rstrip("/")
            if path == "/external_connections":
                body = listing
            elif path.startswith("/external_connections/"):
                body = retrieve
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()  # until the parent closes our stdin or exits
    server.shutdown()


if __name__ == "__main__":
    main()
