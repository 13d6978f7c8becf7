"""A real OAuth 1.0a provider for Latchkey's tests, built on oauthlib, on 127.0.0.1.

It runs the three-legged flow (RFC 5849 section 2) and checks the signature of every API request with oauthlib's
own verifier. The end user approves every authorization at once, so a test drives the flow without a browser.
Prints "READY <port>" once it listens.

    python server.py --consumer-key KEY --consumer-secret SECRET [--rsa-consumer-key KEY --rsa-public-key FILE]
                     [--access-token TOKEN --access-token-secret SECRET] [--port 0]

Endpoints:
    POST /oauth/request_token    temporary credentials
    GET  /oauth/authorize        approves at once, redirects to the callback with oauth_verifier
    POST /oauth/access_token     token credentials
    ANY  /api/...                200 with the query and form parameters oauthlib saw once the signature checks, else 401
    GET  /stats                  {"access_tokens_issued": n} (unsigned)
"""
import argparse
import json
import secrets
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from oauthlib.oauth1 import (
    AccessTokenEndpoint,
    AuthorizationEndpoint,
    RequestTokenEndpoint,
    RequestValidator,
    ResourceEndpoint,
)

parser = argparse.ArgumentParser()
parser.add_argument("--consumer-key", required=True)
parser.add_argument("--consumer-secret", required=True)
parser.add_argument("--rsa-consumer-key")
parser.add_argument("--rsa-public-key")
parser.add_argument("--access-token")
parser.add_argument("--access-token-secret")
parser.add_argument("--port", type=int, default=0)
args = parser.parse_args()

lock = threading.Lock()
clients = {args.consumer_key: args.consumer_secret}
rsa_keys = {}
if args.rsa_consumer_key:
    clients[args.rsa_consumer_key] = ""
    with open(args.rsa_public_key) as f:
        rsa_keys[args.rsa_consumer_key] = f.read()
request_tokens = {}  # token -> {secret, client, redirect_uri, verifier}
access_tokens = {}  # token -> {secret, client}
if args.access_token:
    access_tokens[args.access_token] = {"secret": args.access_token_secret, "client": None}
issued = {"count": 0}
nonces = set()


def token():
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(24))


class Validator(RequestValidator):
    enforce_ssl = False

    @property
    def dummy_client(self):
        return "dummyclientkey000000"

    @property
    def dummy_request_token(self):
        return "dummyrequesttoken000"

    @property
    def dummy_access_token(self):
        return "dummyaccesstoken0000"

    def validate_client_key(self, client_key, request):
        return client_key in clients

    def get_client_secret(self, client_key, request):
        return clients.get(client_key, "dummy")

    def get_rsa_key(self, client_key, request):
        return rsa_keys.get(client_key, "")

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None, access_token=None):
        key = (client_key, timestamp, nonce, request_token or access_token)
        with lock:
            if key in nonces:
                return False
            nonces.add(key)
        return True

    def validate_requested_realms(self, client_key, realms, request):
        return True

    def get_default_realms(self, client_key, request):
        return []

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        return redirect_uri is not None

    def save_request_token(self, token, request):
        with lock:
            request_tokens[token["oauth_token"]] = {
                "secret": token["oauth_token_secret"], "client": request.client_key, "redirect_uri": request.redirect_uri}

    def verify_request_token(self, token, request):
        return token in request_tokens

    def get_realms(self, token, request):
        return []

    def verify_realms(self, token, realms, request):
        return True

    def get_redirect_uri(self, token, request):
        return request_tokens[token]["redirect_uri"]

    def save_verifier(self, token, verifier, request):
        with lock:
            request_tokens[token]["verifier"] = verifier["oauth_verifier"]

    def validate_request_token(self, client_key, token, request):
        entry = request_tokens.get(token)
        return entry is not None and entry["client"] == client_key

    def get_request_token_secret(self, client_key, token, request):
        entry = request_tokens.get(token)
        return entry["secret"] if entry else "dummy"

    def validate_verifier(self, client_key, token, verifier, request):
        entry = request_tokens.get(token)
        return entry is not None and entry.get("verifier") == verifier

    def invalidate_request_token(self, client_key, request_token, request):
        with lock:
            request_tokens.pop(request_token, None)

    def save_access_token(self, token, request):
        with lock:
            access_tokens[token["oauth_token"]] = {"secret": token["oauth_token_secret"], "client": request.client_key}
            issued["count"] += 1

    def validate_access_token(self, client_key, token, request):
        entry = access_tokens.get(token)
        return entry is not None and entry["client"] in (None, client_key)

    def get_access_token_secret(self, client_key, token, request):
        entry = access_tokens.get(token)
        return entry["secret"] if entry else "dummy"

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True


validator = Validator()
request_token_endpoint = RequestTokenEndpoint(validator)
authorization_endpoint = AuthorizationEndpoint(validator)
access_token_endpoint = AccessTokenEndpoint(validator)
resource_endpoint = ResourceEndpoint(validator)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def handle_any(self):
        try:
            self.route()
        except Exception:
            self.answer(500, traceback.format_exc(), {"Content-Type": "text/plain"})

    def route(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        uri = f"http://{self.headers['Host']}{self.path}"
        headers = {name: value for name, value in self.headers.items()}
        path = urlsplit(self.path).path
        if path == "/oauth/request_token":
            self.answer(*reversed(request_token_endpoint.create_request_token_response(uri, self.command, body, headers)))
        elif path == "/oauth/authorize":
            self.answer(*reversed(authorization_endpoint.create_authorization_response(uri, self.command, body, headers)))
        elif path == "/oauth/access_token":
            self.answer(*reversed(access_token_endpoint.create_access_token_response(uri, self.command, body, headers)))
        elif path == "/stats":
            self.answer(200, json.dumps({"access_tokens_issued": issued["count"]}), {"Content-Type": "application/json"})
        elif path.startswith("/api/"):
            valid, request = resource_endpoint.validate_protected_resource_request(uri, self.command, body, headers)
            if not valid:
                self.answer(401, json.dumps({"error": "invalid_signature"}), {"Content-Type": "application/json"})
                return
            form = parse_qsl(body, keep_blank_values=True) if (self.headers.get("Content-Type") or "").startswith(
                "application/x-www-form-urlencoded") else []
            answer = {
                "method": self.command, "path": path, "consumer_key": request.client_key,
                "signature_method": request.signature_method,
                "query": parse_qsl(urlsplit(self.path).query, keep_blank_values=True), "form": form}
            self.answer(200, json.dumps(answer), {"Content-Type": "application/json"})
        else:
            self.answer(404, "", {})

    def answer(self, status, body, headers):
        payload = (body or "").encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any


server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print(f"READY {server.server_address[1]}", flush=True)
server.serve_forever()
