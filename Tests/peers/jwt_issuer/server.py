"""A token endpoint that checks Latchkey's JWTs with PyJWT, on 127.0.0.1.

    python server.py --rsa-public-key FILE --ec-public-key FILE --app-id ID --issuer ISS --audience AUD --hs-secret S [--port 0]

    POST /app/installations/<id>/access_tokens   GitHub-App style: Authorization: Bearer <app JWT, RS256, iss = app id,
                                                 lifetime at most 10 minutes>; 201 {"token", "expires_at"}
    POST /token                                  RFC 7523: grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer and
                                                 assertion (RS256 or ES256, iss/sub = issuer, aud = audience, jti);
                                                 200 {"access_token", "token_type", "expires_in"} or 400 invalid_grant
    GET  /api/me                                 200 with a token this server issued, else 401
    GET  /api/jwt                                Authorization: Bearer <a per-request JWT, HS256 with the secret or
                                                 ES256/RS256 with the keys>; 200 with its claims, else 401
    GET  /stats                                  {"app_tokens": n, "bearer_tokens": n}
Prints "READY <port>" once it listens.
"""
import argparse
import json
import secrets
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import jwt

parser = argparse.ArgumentParser()
parser.add_argument("--rsa-public-key", required=True)
parser.add_argument("--ec-public-key", required=True)
parser.add_argument("--app-id", required=True)
parser.add_argument("--issuer", required=True)
parser.add_argument("--audience", required=True)
parser.add_argument("--hs-secret", required=True)
parser.add_argument("--port", type=int, default=0)
args = parser.parse_args()

with open(args.rsa_public_key) as f:
    rsa_public = f.read()
with open(args.ec_public_key) as f:
    ec_public = f.read()

lock = threading.Lock()
issued = set()
stats = {"app_tokens": 0, "bearer_tokens": 0}
seen_jti = set()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def bearer(self):
        header = self.headers.get("Authorization") or ""
        return header[7:] if header.startswith("Bearer ") else None

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        path = urlsplit(self.path).path
        try:
            if path.startswith("/app/installations/") and path.endswith("/access_tokens") and self.command == "POST":
                return self.app_token()
            if path == "/token" and self.command == "POST":
                return self.bearer_grant(dict(parse_qsl(body)))
            if path == "/api/me":
                return self.answer(200 if self.bearer() in issued else 401, {"ok": self.bearer() in issued})
            if path == "/api/jwt":
                return self.per_request_jwt()
            if path == "/stats":
                return self.answer(200, stats)
            self.answer(404, {"error": "not_found"})
        except jwt.PyJWTError as error:
            self.answer(401 if path != "/token" else 400, {"error": "invalid_grant" if path == "/token" else "invalid_token",
                                                           "error_description": str(error)})

    def app_token(self):
        token = self.bearer()
        header = jwt.get_unverified_header(token or "")
        if header.get("alg") != "RS256" or header.get("typ") != "JWT":
            raise jwt.InvalidTokenError("alg must be RS256 and typ JWT")
        claims = jwt.decode(token, rsa_public, algorithms=["RS256"], options={"require": ["iat", "exp", "iss"]})
        now = time.time()
        if claims["iss"] != args.app_id:
            raise jwt.InvalidIssuerError("wrong iss")
        if claims["exp"] - claims["iat"] > 600 or claims["iat"] > now:
            raise jwt.InvalidTokenError("lifetime over 10 minutes or issued in the future")
        if now - claims["iat"] < 50:
            raise jwt.InvalidTokenError("iat must be backdated about 60 seconds")
        token = "ghs_" + secrets.token_hex(16)
        with lock:
            issued.add(token)
            stats["app_tokens"] += 1
        expires = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=1)
        self.answer(201, {"token": token, "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%SZ"), "permissions": {"contents": "read"}})

    def bearer_grant(self, form):
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self.answer(400, {"error": "unsupported_grant_type"})
        assertion = form.get("assertion", "")
        claims = jwt.decode(assertion, rsa_public if jwt.get_unverified_header(assertion).get("alg") == "RS256" else ec_public,
                            algorithms=["RS256", "ES256"], audience=args.audience, issuer=args.issuer,
                            options={"require": ["iat", "exp", "iss", "sub", "aud", "jti"]})
        if claims["sub"] != args.issuer or claims["exp"] - claims["iat"] > 3600:
            raise jwt.InvalidTokenError("wrong sub or lifetime over an hour")
        with lock:
            if claims["jti"] in seen_jti:
                raise jwt.InvalidTokenError("jti replayed")
            seen_jti.add(claims["jti"])
            token = "svc_" + secrets.token_hex(16)
            issued.add(token)
            stats["bearer_tokens"] += 1
        self.answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": claims.get("scope", "")})

    def per_request_jwt(self):
        token = self.bearer() or ""
        alg = jwt.get_unverified_header(token).get("alg")
        key = {"HS256": args.hs_secret, "RS256": rsa_public, "ES256": ec_public}.get(alg)
        if key is None:
            raise jwt.InvalidAlgorithmError("unexpected alg")
        claims = jwt.decode(token, key, algorithms=[alg], options={"require": ["iat", "exp"]})
        self.answer(200, {"alg": alg, "claims": claims})

    def answer(self, status, payload):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = handle_any


server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print(f"READY {server.server_address[1]}", flush=True)
server.serve_forever()
