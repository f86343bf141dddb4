"""A local stand-in for Stripe's OAuth endpoints (and, through `stripe_fake.FakeStripeApi`, its
payment API under /v1/), platform keys pointing at it, and a leak guard.

The fake answers `POST /oauth/token` like Stripe does: keys for a good code, `invalid_grant` for
`ac_invalid`, a reply slower than our timeout for `ac_slow`; and `POST /oauth/deauthorize`.
"""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from tests.factories.payments import REFRESH_MARKER, SECRET_MARKER
from tests.payments.stripe_fake import WEBHOOK_SECRET, FakeStripeApi

PLATFORM_SECRET = "sk_test_PLATFORMKEY0123456789"
PLATFORM_CLIENT_ID = "ca_test_platform"
TIMEOUT = 0.5
SECRETS_KEY = Fernet.generate_key().decode()


class FakeStripe:
    def __init__(self):
        self.calls = []
        self.token_delay = 0.0
        self.slow_seconds = 2 * TIMEOUT + 0.5
        self.deauthorize_status = 200
        self.lock = threading.Lock()
        self.api = FakeStripeApi()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                params = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                with fake.lock:
                    call = {"path": self.path, "params": params, "auth": self.headers.get("Authorization")}
                    call["headers"] = dict(self.headers)
                    fake.calls.append(call)
                if self.path.startswith("/v1/") and call["auth"] == f"Bearer {PLATFORM_SECRET}":
                    status, body = fake.api.answer(self.path, params, self.headers)
                else:
                    status, body = fake.answer(self.path, params, call["auth"])
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (timeout test)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def handle_error(self, request, client_address):
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self):
        self.calls.clear()
        self.api.reset()
        self.token_delay = 0.0
        self.deauthorize_status = 200

    def token_for(self, code):
        """What Stripe hands over for `code` (deterministic, so tests can compare)."""
        suffix = code.removeprefix("ac_")
        return {
            "access_token": f"sk_test_{SECRET_MARKER}{suffix}",
            "refresh_token": f"rt_{REFRESH_MARKER}{suffix}",
            "stripe_publishable_key": f"pk_test_{suffix}",
            "stripe_user_id": f"acct_{suffix}",
            "livemode": False,
            "scope": "read_write",
            "token_type": "bearer",
        }

    def answer(self, path, params, auth):
        if auth != f"Bearer {PLATFORM_SECRET}":
            return 401, {"error": "invalid_client", "error_description": "No such API key."}
        if path == "/oauth/token":
            code = params.get("code", "")
            if params.get("grant_type") != "authorization_code":
                return 400, {"error": "unsupported_grant_type", "error_description": "Unsupported grant type."}
            if code == "ac_invalid":
                description = f"Authorization code does not exist: {code}"
                return 400, {"error": "invalid_grant", "error_description": description}
            if code == "ac_slow":
                time.sleep(self.slow_seconds)
            if code == "ac_broken":
                return 500, {"error": {"message": "Something went wrong on Stripe's end.", "type": "api_error"}}
            time.sleep(self.token_delay)
            return 200, self.token_for(code)
        if path == "/oauth/deauthorize":
            if self.deauthorize_status != 200:
                return self.deauthorize_status, {"error": {"message": "Server error", "type": "api_error"}}
            if params.get("client_id") != PLATFORM_CLIENT_ID:
                return 400, {"error": "invalid_client", "error_description": "Unknown client."}
            return 200, {"stripe_user_id": params.get("stripe_user_id")}
        return 404, {"error": {"message": "Unrecognized request URL", "type": "invalid_request_error"}}

    def paths(self):
        return [c["path"] for c in self.calls]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def fake_stripe_server():
    fake = FakeStripe()
    yield fake
    fake.close()


@pytest.fixture
def fake_stripe(fake_stripe_server):
    fake_stripe_server.reset()
    return fake_stripe_server


@pytest.fixture(autouse=True)
def stripe_platform(settings, fake_stripe):
    """Every payments test talks to the local fake, never to Stripe."""
    settings.STRIPE_SECRET_KEY = PLATFORM_SECRET
    settings.STRIPE_CLIENT_ID = PLATFORM_CLIENT_ID
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_platform"
    settings.STRIPE_CONNECT_BASE = fake_stripe.url
    settings.STRIPE_API_BASE = fake_stripe.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_TIMEOUT_SECONDS = TIMEOUT
    settings.STRIPE_SECRETS_KEY = SECRETS_KEY
    # Role fixtures create seven users per test; the default hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


class Transcript:
    """Every response body of a test (API and admin), for the leak guard."""

    def __init__(self):
        self.bodies = []

    def text(self):
        return "\n".join(b.decode(errors="replace") for b in self.bodies)


@pytest.fixture(autouse=True)
def transcript(monkeypatch, caplog):
    """Record all responses and DEBUG logs of each test; fail it if a Stripe secret shows up in either."""
    caplog.set_level(logging.DEBUG)
    record = Transcript()
    original = Client.request

    def recording_request(self, **request):
        response = original(self, **request)
        if not getattr(response, "streaming", False):
            record.bodies.append(bytes(response.content))
        return response

    monkeypatch.setattr(Client, "request", recording_request)
    yield record
    for where, text in (("a response body", record.text()), ("the log output", caplog.text)):
        for secret in (SECRET_MARKER, REFRESH_MARKER, PLATFORM_SECRET, WEBHOOK_SECRET):
            assert secret not in text, f"A Stripe secret ({secret}) appeared in {where}"


@pytest.fixture
def staff(db):
    """A Django test client logged in as a super admin (Django staff): the admin pages' user."""
    from tests.factories import SuperAdminFactory

    client = Client()
    client.force_login(SuperAdminFactory())
    return client
