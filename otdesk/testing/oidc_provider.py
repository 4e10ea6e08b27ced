"""A small, real OpenID Connect provider for the test suite, on 127.0.0.1 in a thread.

It serves discovery, its keys (an RSA key made at start), /authorize and /token over HTTP,
so district sign-in is tested end to end against a provider, not a mock of our own code:

- /authorize checks the request (response type, client, redirect URI, S256 challenge) and
  sends the browser straight back to the redirect URI with a code and the state, as if the
  person signed in as `email` and agreed;
- /token takes each code once, checks the client (HTTP Basic or in the form), the redirect
  URI and the PKCE verifier, and answers with an ID token signed RS256: iss, aud, sub,
  email, email_verified, nonce, iat, exp.

Switches make it misbehave for the refusal tests: `wrong_key` (signed with another key
under the same key id), `expired`, `wrong_nonce`, `wrong_audience`, `email_verified`
(False, or None to leave the claim out), `extra_claims`, `deny` (/authorize answers
error=access_denied) and `authorize_host` (its sign-in page on another origin).

    with LocalProvider(email="ana@lakeside.org") as provider:
        provider.issuer  # http://127.0.0.1:<port>
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "otdesk-test-client"
CLIENT_SECRET = "test-secret-0123456789"


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str
    challenge: str
    email: str
    used: bool = False


@dataclass
class LocalProvider:
    email: str = "staff@lakeside.org"
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    wrong_key: bool = False
    expired: bool = False
    wrong_nonce: bool = False
    wrong_audience: bool = False
    email_verified: bool | None = True
    extra_claims: dict[str, Any] = field(default_factory=dict)
    deny: bool = False
    authorize_host: str = "127.0.0.1"
    auth_methods: tuple[str, ...] = ("client_secret_basic", "client_secret_post")
    hits: list[str] = field(default_factory=list)  # the paths asked for, in order
    grants: dict[str, Grant] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
        self.key.ensure_kid()
        self._other_key: RSAKey | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # Running ----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "LocalProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "LocalProvider":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def count(self, path: str) -> int:
        return sum(1 for hit in self.hits if hit == path)

    # The documents ---------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"http://{self.authorize_host}:{self.port}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": list(self.auth_methods),
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": "someone-else" if self.wrong_audience else grant.client_id,
            "sub": hashlib.sha256(grant.email.encode()).hexdigest()[:20],
            "email": grant.email,
            "nonce": "not-the-nonce" if self.wrong_nonce else grant.nonce,
            "iat": now - 3600 if self.expired else now,
            "exp": now - 600 if self.expired else now + 300,
        }
        if self.email_verified is not None:
            claims["email_verified"] = self.email_verified
        claims |= self.extra_claims
        key = self.key
        if self.wrong_key:
            if self._other_key is None:
                self._other_key = RSAKey.generate_key(2048)
            key = self._other_key
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, key)

    # The endpoints ---------------------------------------------------------------------

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        redirect_uri = query.get("redirect_uri", "")
        if not redirect_uri.startswith(("http://", "https://")):
            return 400, {}, b"no redirect_uri"
        back: dict[str, str] = {"state": query.get("state", "")}
        if self.deny:
            back["error"] = "access_denied"
        elif (
            query.get("response_type") != "code"
            or query.get("client_id") != self.client_id
            or query.get("code_challenge_method") != "S256"
            or not query.get("code_challenge")
            or "openid" not in query.get("scope", "").split()
        ):
            back["error"] = "invalid_request"
        else:
            code = secrets.token_urlsafe(24)
            self.grants[code] = Grant(
                client_id=query["client_id"],
                redirect_uri=redirect_uri,
                nonce=query.get("nonce", ""),
                challenge=query["code_challenge"],
                email=self.email,
            )
            back["code"] = code
        joiner = "&" if "?" in redirect_uri else "?"
        return 302, {"Location": redirect_uri + joiner + urlencode(back)}, b""

    def _client(self, form: dict[str, str], authorization: str) -> tuple[str, str]:
        if authorization.startswith("Basic "):
            pair = base64.b64decode(authorization[6:]).decode()
            user, _, password = pair.partition(":")
            return unquote(user), unquote(password)
        return form.get("client_id", ""), form.get("client_secret", "")

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        client_id, secret = self._client(form, authorization)
        if (client_id, secret) != (self.client_id, self.client_secret):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        grant = self.grants.get(form.get("code", ""))
        if grant is None or grant.used or grant.client_id != client_id:
            return 400, {"error": "invalid_grant"}
        grant.used = True  # a code works once
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != grant.challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant),
        }


def _single(values: dict[str, list[str]]) -> dict[str, str]:
    return {name: items[0] for name, items in values.items() if items}


def _handler(provider: LocalProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the tests read `hits`

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, value: dict[str, Any]) -> None:
            body = json.dumps(value).encode()
            self._send(status, {"Content-Type": "application/json"}, body)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            provider.hits.append(url.path)
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                self._send(*provider.authorize(_single(parse_qs(url.query))))
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            provider.hits.append(url.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = _single(parse_qs(self.rfile.read(length).decode()))
            if url.path != "/token":
                self._json(404, {"error": "not_found"})
                return
            status, answer = provider.token(form, self.headers.get("Authorization", ""))
            self._json(status, answer)

    return Handler
