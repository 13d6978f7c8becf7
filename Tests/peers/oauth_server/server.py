"""A real OAuth 2.0 authorization server for Latchkey's tests: django-oauth-toolkit on 127.0.0.1.

Every request is treated as coming from the signed-in user "alice", and the registered application skips the
consent screen, so a test drives the whole authorization-code flow without a browser. Prints "READY <port>"
once it listens.

With --refresh-delay it takes that many seconds over each refresh before answering it (a slow provider), and with
--reuse-protection a refresh token used twice revokes the whole grant (RFC 9700 section 4.14.2, as
REFRESH_TOKEN_REUSE_PROTECTION does). /api/refresh-log lists the refresh tokens refreshes were asked with, in order.

    python server.py --client-id ID --client-secret SECRET --redirect-uri URI [--access-token-seconds 60] [--port 0]
        [--refresh-delay SECONDS] [--reuse-protection]
"""
import argparse
import os
import sys
import tempfile
import threading
import time
import urllib.parse
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

parser = argparse.ArgumentParser()
parser.add_argument("--client-id", required=True)
parser.add_argument("--client-secret", required=True)
parser.add_argument("--redirect-uri", required=True)
parser.add_argument("--access-token-seconds", type=int, default=3600)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--refresh-delay", type=float, default=0)
parser.add_argument("--reuse-protection", action="store_true")
args = parser.parse_args()

import django
from django.conf import settings

data_dir = tempfile.mkdtemp(prefix="latchkey-oauth-peer-")
settings.configure(
    DEBUG=False,
    SECRET_KEY="latchkey-test-peer-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "oauth2_provider",
    ],
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        __name__ + ".SignedInAsAlice",
        __name__ + ".SlowRefreshes",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(data_dir, "db.sqlite3")}},
    USE_TZ=True,
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {}}],
    OAUTH2_PROVIDER={
        "ACCESS_TOKEN_EXPIRE_SECONDS": args.access_token_seconds,
        "ROTATE_REFRESH_TOKEN": True,
        "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
        "REFRESH_TOKEN_REUSE_PROTECTION": args.reuse_protection,
        "PKCE_REQUIRED": True,
        "SCOPES": {"read": "Read", "write": "Write"},
    },
    LOGGING_CONFIG=None,
)
django.setup()

from django.contrib.auth.models import User
from django.core.management import call_command
from django.http import JsonResponse
from django.urls import include, path
from oauth2_provider.models import get_application_model
from oauth2_provider.views import ProtectedResourceView


class SignedInAsAlice:
    """Signs every request in as alice, standing in for a browser session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = User.objects.get(username="alice")
        return self.get_response(request)


refresh_log = []


class SlowRefreshes:
    """Logs the refresh token of every refresh request and holds it for --refresh-delay seconds before it is handled."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/o/token/" and request.method == "POST":
            form = urllib.parse.parse_qs(request.body.decode())
            if form.get("grant_type") == ["refresh_token"]:
                refresh_log.append(form.get("refresh_token", [""])[0])
                time.sleep(args.refresh_delay)
        return self.get_response(request)


def refresh_requests(request):
    return JsonResponse({"refresh_tokens": refresh_log})


class Me(ProtectedResourceView):
    """A protected resource: answers who the bearer token belongs to."""

    def get(self, request, *args, **kwargs):
        owner = request.resource_owner
        return JsonResponse({"user": owner.username if owner else None})


def token_count(request):
    """How many access tokens have been issued, so a test can count refreshes."""
    from oauth2_provider.models import get_access_token_model

    return JsonResponse({"issued": issued_tokens(get_access_token_model())})


def issued_tokens(model):
    return model.objects.count() + revoked_count[0]


revoked_count = [0]

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/me", Me.as_view()),
    path("api/token-count", token_count),
    path("api/refresh-log", refresh_requests),
]

call_command("migrate", verbosity=0, interactive=False)
User.objects.create_user("alice", "alice@example.com", "not-used")
Application = get_application_model()
Application.objects.create(
    name="latchkey",
    client_id=args.client_id,
    client_secret=args.client_secret,
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=args.redirect_uri,
    skip_authorization=True,
)
Application.objects.create(
    name="latchkey-client-credentials",
    client_id=args.client_id + "-cc",
    client_secret=args.client_secret,
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
    user=User.objects.get(username="alice"),
)

from django.db.models.signals import pre_delete
from oauth2_provider.models import get_access_token_model


def count_deleted(sender, **kwargs):
    revoked_count[0] += 1


pre_delete.connect(count_deleted, sender=get_access_token_model())


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


from django.core.wsgi import get_wsgi_application

server = make_server("127.0.0.1", args.port, get_wsgi_application(), server_class=ThreadingWSGIServer, handler_class=QuietHandler)
print(f"READY {server.server_port}", flush=True)
server.serve_forever()
