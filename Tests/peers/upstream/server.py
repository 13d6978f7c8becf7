"""A small API upstream for Latchkey's tests, on 127.0.0.1: it accepts one credential and says what it received.

    python server.py --header NAME --value VALUE [--issue TOKEN] [--port 0] [--tls DIR [--tls-name NAME]]

With --tls it speaks HTTPS only, with a certificate for NAME (an IP address or a host name; 127.0.0.1 by default)
signed by a certificate authority made at start, whose certificate it writes to DIR/ca.pem.

Every request whose header NAME equals VALUE is served; any other is answered 401 with a JSON error that repeats
the value it was sent, as careless providers do. Routes (all but /stats and /token need the credential):

    /stats                 {"requests": n, "connections": n, "paths": [the last 100 request targets]}
    POST /token            an OAuth token endpoint that always issues TOKEN, else VALUE (without "Bearer ")
    /download/<n>          n bytes, streamed in 64 KiB chunks with a Content-Length
    /upload                reads the body (Content-Length or chunked) as it comes: {"received": n, "sha256": …}
    /redirect              302 to another port of this machine, which a proxy must not follow
    /early-hints           103 Early Hints, then 200
    /stall/<seconds>       200 promising 100 bytes, 10 of them, then silence for that long and a closed connection
    /slow/<seconds>        reads the body, waits, then answers {"slow": true, "body": the body}
    /hangup                reads the body and closes the connection without answering
    /status/<code>         that status, with Retry-After: 7
    /raw/<name>            the bytes of RAW[name] as they are (written in two parts, a moment apart), then closes
    /flaky/<n>/<name>      503 with Retry-After: 0 for the first n requests to that name, then 200
    anything else          200 with the method, path, query, headers (a repeated one's values joined) and body
                           it saw

Prints "READY <port>" once it listens.
"""
import argparse
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

parser = argparse.ArgumentParser()
parser.add_argument("--header", required=True)
parser.add_argument("--value", required=True)
parser.add_argument("--issue", help="the token POST /token issues (default: the accepted one)")
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--tls", metavar="DIR", help="serve HTTPS, writing the certificate authority to DIR/ca.pem")
parser.add_argument("--tls-name", default="127.0.0.1", help="the name the certificate is for")
args = parser.parse_args()

# Answers written byte for byte: framings a relay must read (chunks with extensions and trailers, a body that ends
# with the connection) and heads it must refuse (ambiguous or broken framing).
RAW = {
    "chunked": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nX-Kept: yes\r\n\r\n"
               b"5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: dropped\r\n\r\n",
    "until-close": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nthe body ends with the connection",
    "connection-named": b"HTTP/1.1 200 OK\r\nConnection: X-Private\r\nX-Private: hop\r\nX-Public: end\r\nKeep-Alive: timeout=5\r\n"
                        b"Content-Length: 2\r\n\r\nok",
    "length-and-chunked": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "two-lengths": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
    "folded-header": b"HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\nContent-Length: 2\r\n\r\nok",
    "bare-lf": b"HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
    "space-before-colon": b"HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok",
    "bad-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    "not-http": b"SSH-2.0-OpenSSH_9.2\r\n\r\n",
    "switching": b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
}

lock = threading.Lock()
seen = {"requests": 0, "connections": 0, "paths": []}
flaky = {}
CHUNK = 64 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def setup(self):
        super().setup()
        with lock:
            seen["connections"] += 1

    def body_chunks(self):
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return
                remaining = size
                while remaining:
                    data = self.rfile.read(min(remaining, CHUNK))
                    remaining -= len(data)
                    yield data
                self.rfile.readline()
        else:
            remaining = int(self.headers.get("Content-Length") or 0)
            while remaining:
                data = self.rfile.read(min(remaining, CHUNK))
                if not data:
                    return
                remaining -= len(data)
                yield data

    def handle_any(self):
        parts = urlsplit(self.path)
        if parts.path == "/stats":
            with lock:
                return self.answer(200, dict(seen))
        with lock:
            seen["requests"] += 1
            seen["paths"] = (seen["paths"] + [self.path])[-100:]
        if parts.path == "/token" and self.command == "POST":
            for _ in self.body_chunks():
                pass
            token = args.issue or (args.value[7:] if args.value.startswith("Bearer ") else args.value)
            return self.answer(200, {"access_token": token, "token_type": "bearer", "expires_in": 3600})
        sent = self.headers.get(args.header)
        if sent != args.value:
            for _ in self.body_chunks():
                pass
            return self.answer(401, {"error": f"invalid credential {sent}"})
        if parts.path.startswith("/download/"):
            size = int(parts.path.rsplit("/", 1)[1])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.command == "HEAD":
                return
            block = b"x" * CHUNK
            while size:
                piece = block[:min(size, CHUNK)]
                self.wfile.write(piece)
                size -= len(piece)
            return
        if parts.path == "/upload":
            digest = hashlib.sha256()
            received = 0
            for data in self.body_chunks():
                digest.update(data)
                received += len(data)
            return self.answer(200, {"received": received, "sha256": digest.hexdigest()})
        if parts.path.startswith("/stall/"):
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            time.sleep(float(parts.path.rsplit("/", 1)[1]))
            self.close_connection = True
            return
        if parts.path == "/early-hints":
            self.send_response_only(103)
            self.send_header("Link", "</style.css>; rel=preload")
            self.end_headers()
            return self.answer(200, {"hinted": True})
        if parts.path == "/redirect":
            return self.answer(302, {"moved": True}, {"Location": "http://127.0.0.1:9/stolen"})
        if parts.path.startswith("/slow/"):
            body = b"".join(self.body_chunks())
            time.sleep(float(parts.path.rsplit("/", 1)[1]))
            return self.answer(200, {"slow": True, "body": body.decode("utf-8", "replace")})
        if parts.path == "/hangup":
            for _ in self.body_chunks():
                pass
            self.close_connection = True
            return
        if parts.path.startswith("/flaky/"):
            _, _, count, name = parts.path.split("/", 3)
            with lock:
                flaky[name] = flaky.get(name, 0) + 1
                attempt = flaky[name]
            if attempt <= int(count):
                return self.answer(503, {"attempt": attempt}, {"Retry-After": "0"})
            return self.answer(200, {"attempt": attempt})
        if parts.path.startswith("/empty/"):
            self.send_response(int(parts.path.rsplit("/", 1)[1]))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if parts.path.startswith("/raw/"):
            for _ in self.body_chunks():
                pass
            raw = RAW[parts.path.rsplit("/", 1)[1]]
            middle = len(raw) // 2
            self.wfile.write(raw[:middle])
            self.wfile.flush()
            time.sleep(0.05)
            self.wfile.write(raw[middle:])
            self.wfile.flush()
            self.close_connection = True
            return
        if parts.path.startswith("/status/"):
            return self.answer(int(parts.path.rsplit("/", 1)[1]), {"status": True}, {"Retry-After": "7"})
        body = b"".join(self.body_chunks())
        self.answer(200, {
            "method": self.command, "path": parts.path, "target": self.path, "query": parse_qsl(parts.query, keep_blank_values=True),
            "headers": self.joined_headers(), "body_length": len(body),
            "body": body[:65536].decode("utf-8", "replace")})

    def joined_headers(self):
        """The request's headers by lowercase name; a repeated field's values joined with ", ", in order."""
        headers = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = headers[key] + ", " + value if key in headers else value
        return headers

    def answer(self, status, payload, headers=None):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any


def tls_context(directory, name):
    """A server context whose certificate is for name alone, signed by a new certificate authority kept in directory."""
    import datetime
    import ipaddress
    import os
    import ssl
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def certificate(subject, key, issuer, issuer_key, extensions):
        builder = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1)))
        for extension, critical in extensions:
            builder = builder.add_extension(extension, critical=critical)
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = certificate("Latchkey test CA", ca_key, "Latchkey test CA", ca_key, [(x509.BasicConstraints(ca=True, path_length=0), True)])
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    try:
        alternative_name = x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        alternative_name = x509.DNSName(name)
    leaf = certificate(name, leaf_key, "Latchkey test CA", ca_key, [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (x509.SubjectAlternativeName([alternative_name]), False),
        (x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), False),
    ])
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "ca.pem"), "wb") as file:
        file.write(ca.public_bytes(serialization.Encoding.PEM))
    chain = os.path.join(directory, "server.pem")
    with open(chain, "wb") as file:
        file.write(leaf.public_bytes(serialization.Encoding.PEM))
        file.write(leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    return context


server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
if args.tls:
    context = tls_context(args.tls, args.tls_name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"READY {server.server_address[1]}", flush=True)
server.serve_forever()
