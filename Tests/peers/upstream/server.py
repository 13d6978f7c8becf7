"""A small API upstream for Latchkey's tests, on 127.0.0.1: it accepts one credential and says what it received.

    python server.py --header NAME --value VALUE [--port 0]

Every request whose header NAME equals VALUE is answered 200 with a JSON account of the request (method, path,
query, headers); any other is answered 401 with a JSON error that repeats the value it was sent, as careless
providers do. GET /stats (no credential needed) answers {"requests": n}. Prints "READY <port>" once it listens.
"""
import argparse
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

parser = argparse.ArgumentParser()
parser.add_argument("--header", required=True)
parser.add_argument("--value", required=True)
parser.add_argument("--port", type=int, default=0)
args = parser.parse_args()

lock = threading.Lock()
seen = {"requests": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        if parts.path == "/stats":
            return self.answer(200, seen)
        with lock:
            seen["requests"] += 1
        sent = self.headers.get(args.header)
        if sent != args.value:
            return self.answer(401, {"error": f"invalid credential {sent}"})
        self.answer(200, {
            "method": self.command, "path": parts.path, "query": parse_qsl(parts.query, keep_blank_values=True),
            "headers": {name.lower(): value for name, value in self.headers.items()}, "body_length": len(body)})

    def answer(self, status, payload):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any


server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print(f"READY {server.server_address[1]}", flush=True)
server.serve_forever()
