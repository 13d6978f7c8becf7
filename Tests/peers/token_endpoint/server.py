"""A strict OAuth 2.0 provider for Latchkey's tests of token requests in the shapes providers document.

By default it behaves as Notion documents its token endpoint (https://developers.notion.com/reference/create-a-token):
the client authenticates with HTTP Basic, the body is JSON, and a Notion-Version header is required. Anything else is
answered 400 invalid_request. --refresh-parameter NAME=VALUE is required on refreshes and refused on the code exchange
(a refresh that differs from the exchange). Refresh tokens rotate. /authorize sends the browser straight back with a
code. /log lists what each token request carried (grant, content type, header names, parameter names). Prints
"READY <port>" once it listens.

    python server.py --client-id ID --client-secret SECRET [--header Notion-Version=2022-06-28] [--form]
        [--refresh-parameter NAME=VALUE] [--port 0]
"""
import argparse
import base64
import json
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--client-id", required=True)
parser.add_argument("--client-secret", required=True)
parser.add_argument("--header", action="append", default=[])
parser.add_argument("--form", action="store_true", help="take form bodies instead of JSON")
parser.add_argument("--refresh-parameter")
parser.add_argument("--port", type=int, default=0)
args = parser.parse_args()

required_headers = dict(item.split("=", 1) for item in args.header)
refresh_parameter = tuple(args.refresh_parameter.split("=", 1)) if args.refresh_parameter else None
lock = threading.Lock()
codes = {}
refresh_tokens = set()
log = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *arguments):
        pass

    def answer(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/authorize":
            code = secrets.token_urlsafe(16)
            with lock:
                codes[code] = query.get("redirect_uri")
            target = query["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path == "/log":
            with lock:
                return self.answer(200, {"requests": log})
        if url.path == "/api/me":
            return self.answer(200, {"ok": True})
        self.answer(404, {"error": "not_found"})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if url.path != "/token":
            return self.answer(404, {"error": "not_found"})
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        try:
            if args.form:
                parameters = dict(urllib.parse.parse_qsl(raw.decode(), strict_parsing=True))
            else:
                parameters = json.loads(raw)
        except Exception:
            parameters = None
        with lock:
            log.append({
                "grant_type": (parameters or {}).get("grant_type"), "content_type": content_type,
                "headers": sorted(name.lower() for name in self.headers.keys()),
                "parameters": sorted((parameters or {}).keys()),
            })
        wanted = "application/x-www-form-urlencoded" if args.form else "application/json"
        if content_type != wanted or not isinstance(parameters, dict):
            return self.answer(400, {"error": "invalid_request", "error_description": "body must be " + wanted})
        for name, value in required_headers.items():
            if self.headers.get(name) != value:
                return self.answer(400, {"error": "invalid_request", "error_description": "missing header " + name})
        expected = "Basic " + base64.b64encode(f"{args.client_id}:{args.client_secret}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self.answer(401, {"error": "invalid_client"})
        grant = parameters.get("grant_type")
        if refresh_parameter:
            name, value = refresh_parameter
            sent = parameters.get(name)
            if (grant == "refresh_token") != (sent == value):
                return self.answer(400, {"error": "invalid_request", "error_description": name + " is for refreshes only"})
        with lock:
            if grant == "authorization_code":
                if codes.pop(parameters.get("code"), "missing") != parameters.get("redirect_uri"):
                    return self.answer(400, {"error": "invalid_grant"})
            elif grant == "refresh_token":
                if parameters.get("refresh_token") not in refresh_tokens:
                    return self.answer(400, {"error": "invalid_grant"})
                refresh_tokens.discard(parameters["refresh_token"])
            else:
                return self.answer(400, {"error": "unsupported_grant_type"})
            refresh = secrets.token_urlsafe(24)
            refresh_tokens.add(refresh)
        self.answer(200, {
            "access_token": secrets.token_urlsafe(24), "token_type": "bearer", "expires_in": 3600, "refresh_token": refresh,
            "workspace_id": "w-1",
        })


server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print(f"READY {server.server_port}", flush=True)
server.serve_forever()
