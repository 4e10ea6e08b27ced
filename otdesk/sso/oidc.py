"""OpenID Connect as a relying party: the authorization code flow with PKCE (S256).

- discover(issuer): the provider's settings from issuer + /.well-known/openid-configuration
  (fetched with a short timeout, kept in the cache for an hour; its `issuer` must be the
  one configured);
- authorization_url(...): where the browser goes, with state, nonce and the PKCE
  challenge, which the caller keeps in the session;
- exchange_code(...): the code for tokens at the token endpoint (the client secret by HTTP
  Basic or in the form, as the provider says it takes it; the PKCE verifier);
- verify_id_token(...): the ID token's RS256 signature against the provider's keys (JWKS,
  fetched again once when the token names a key not seen yet: keys rotate), then iss,
  aud (and azp when there are several audiences), exp, iat and nonce, 60 s of clock skew;
- verified_email(...): the email claim, only when the provider vouches for it.

Only the standard library talks HTTP (urllib), only to the district's own provider's
addresses, never following a redirect; joserfc checks signatures and claims. Every failure
is an OIDCError with a sentence for the person and a reason for the coordinator."""

import base64
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import (
    BaseHandler,
    HTTPRedirectHandler,
    OpenerDirector,
    ProxyHandler,
    Request,
    build_opener,
)

from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from .models import LOOPBACK_HOSTS, url_problem

log = logging.getLogger(__name__)

DISCOVERY_PATH = "/.well-known/openid-configuration"
FETCH_SECONDS = 5
TOKEN_SECONDS = 10
CACHE_SECONDS = 3600
CLOCK_SKEW_SECONDS = 60
MAX_BYTES = 1_000_000
SCOPE = "openid email profile"
ALGORITHMS = ["RS256"]

UNREACHABLE = (
    "OT Desk could not reach your district's sign-in service. Try again in a few minutes, "
    "or sign in with your username and password."
)
UNCHECKED = (
    "The answer from your district's sign-in service did not pass OT Desk's checks, so you "
    "are not signed in. Start again from the sign-in page; if it happens again, tell your "
    "coordinator."
)


class OIDCError(Exception):
    """A sign-in that cannot go on: `message` for the person, `reason` for whoever looks
    into it (shown small on the page, and logged)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


class ProviderRefused(OIDCError):
    """The provider answered with an HTTP error (its OAuth error code, if it gave one)."""

    def __init__(self, status: int, error: str, url: str) -> None:
        super().__init__(UNREACHABLE, f"{url} answered {status} {error}".strip())
        self.status = status
        self.error = error


@dataclass(frozen=True)
class Client:
    """OT Desk as registered at the district's provider."""

    issuer: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    auth_methods: tuple[str, ...]


def origin(url: str) -> str:
    """'https://login.example.org/a/b' -> 'https://login.example.org' (a CSP source)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


# HTTP -----------------------------------------------------------------------------------


class _NoRedirects(HTTPRedirectHandler):
    """A provider's address answers itself: a redirect is an error, not a new address."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener(url: str) -> OpenerDirector:
    handlers: list[BaseHandler] = [_NoRedirects()]
    if urlsplit(url).hostname in LOOPBACK_HOSTS:
        handlers.append(ProxyHandler({}))  # this machine is never reached through a proxy
    return build_opener(*handlers)


def _json(data: bytes, url: str) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise OIDCError(UNREACHABLE, f"{url} did not answer with JSON") from exc
    if not isinstance(value, dict):
        raise OIDCError(UNREACHABLE, f"{url} did not answer with a JSON object")
    return value


def _fetch(request: Request, timeout: float) -> dict[str, Any]:
    url = request.full_url
    problem = url_problem(url)
    if problem:
        raise OIDCError(UNREACHABLE, f"{url}: {problem}")
    request.add_header("Accept", "application/json")
    try:
        with _opener(url).open(request, timeout=timeout) as response:
            return _json(response.read(MAX_BYTES), url)
    except HTTPError as exc:
        body = exc.read(MAX_BYTES)
        error = _json(body, url).get("error", "") if body.startswith(b"{") else ""
        raise ProviderRefused(exc.code, str(error)[:60], url) from exc
    except (URLError, TimeoutError, OSError) as exc:
        raise OIDCError(UNREACHABLE, f"{url}: {exc}") from exc


def _get(url: str) -> dict[str, Any]:
    return _fetch(Request(url, method="GET"), FETCH_SECONDS)


def _cache_key(kind: str, url: str) -> str:
    return f"otdesk-sso:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


# Discovery and keys ---------------------------------------------------------------------


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + DISCOVERY_PATH


def discover(issuer: str, *, fresh: bool = False) -> Discovery:
    """The provider's settings (cached for an hour unless `fresh`)."""
    key = _cache_key("discovery", issuer)
    document = None if fresh else cache.get(key)
    if document is None:
        document = _get(discovery_url(issuer))
        found = _discovery(issuer, document)
        cache.set(key, document, CACHE_SECONDS)
        return found
    return _discovery(issuer, document)


def _discovery(issuer: str, document: dict[str, Any]) -> Discovery:
    said = document.get("issuer")
    if not isinstance(said, str) or said.rstrip("/") != issuer.rstrip("/"):
        raise OIDCError(
            "Your district's sign-in settings name another issuer than the one OT Desk was "
            "given. Ask your coordinator to check the issuer address.",
            f"the discovery document says issuer {str(said)[:120]!r}",
        )
    values = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = document.get(name)
        if not isinstance(value, str) or url_problem(value):
            raise OIDCError(UNREACHABLE, f"the discovery document has no usable {name}")
        values[name] = value
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return Discovery(
        issuer=said,
        auth_methods=tuple(m for m in methods if isinstance(m, str)),
        **values,
    )


def keys(discovery: Discovery, *, fresh: bool = False) -> KeySet:
    key = _cache_key("jwks", discovery.jwks_uri)
    document = None if fresh else cache.get(key)
    if document is None:
        document = _get(discovery.jwks_uri)
        cache.set(key, document, CACHE_SECONDS)
    try:
        return KeySet.import_key_set(document)  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise OIDCError(UNREACHABLE, f"the provider's keys could not be read: {exc}") from exc


# The flow ---------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_secret() -> str:
    """A state or nonce: 256 random bits."""
    return secrets.token_urlsafe(32)


def new_pkce() -> tuple[str, str]:
    """(verifier, S256 challenge)."""
    verifier = secrets.token_urlsafe(48)
    return verifier, _b64(hashlib.sha256(verifier.encode()).digest())


def authorization_url(
    discovery: Discovery,
    client: Client,
    *,
    redirect_uri: str,
    state: str,
    nonce: str,
    challenge: str,
    login_hint: str = "",
) -> str:
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": redirect_uri,
        "scope": SCOPE,
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    if login_hint:
        params["login_hint"] = login_hint
    joiner = "&" if "?" in discovery.authorization_endpoint else "?"
    return discovery.authorization_endpoint + joiner + urlencode(params)


def exchange_code(
    discovery: Discovery, client: Client, *, code: str, redirect_uri: str, verifier: str
) -> str:
    """The ID token the token endpoint gives for the code."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if "client_secret_basic" in discovery.auth_methods:
        # RFC 6749 2.3.1: each part form-encoded before it is joined and base64-encoded.
        pair = f"{quote(client.client_id, safe='')}:{quote(client.client_secret, safe='')}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    else:
        form |= {"client_id": client.client_id, "client_secret": client.client_secret}
    request = Request(
        discovery.token_endpoint, data=urlencode(form).encode(), headers=headers, method="POST"
    )
    try:
        answer = _fetch(request, TOKEN_SECONDS)
    except ProviderRefused as exc:
        if exc.status in (400, 401):
            raise OIDCError(
                "Your district's sign-in service did not accept this sign-in (it may have "
                "been used already). Start again from the sign-in page.",
                f"the token endpoint answered {exc.status} {exc.error}".strip(),
            ) from exc
        raise
    token = answer.get("id_token")
    if not isinstance(token, str) or not token:
        raise OIDCError(UNCHECKED, "the token endpoint gave no ID token")
    return token


def _decode(token: str, key_set: KeySet) -> jwt.Token:
    return jwt.decode(token, key_set, algorithms=ALGORITHMS)


def verify_id_token(
    discovery: Discovery, client: Client, token: str, *, nonce: str
) -> dict[str, Any]:
    """The ID token's claims, once its signature and claims hold."""
    try:
        try:
            decoded = _decode(token, keys(discovery))
        except InvalidKeyIdError:
            decoded = _decode(token, keys(discovery, fresh=True))  # the keys were rotated
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise OIDCError(UNCHECKED, f"the ID token's signature does not hold ({exc})") from exc
    claims = decoded.claims
    registry = jwt.JWTClaimsRegistry(
        leeway=CLOCK_SKEW_SECONDS,
        iss={"essential": True, "value": discovery.issuer},
        aud={"essential": True, "value": client.client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise OIDCError(
            "The answer from your district's sign-in service had run out before it reached "
            "OT Desk. Start again from the sign-in page.",
            "the ID token has expired",
        ) from exc
    except ClaimError as exc:
        reason = f"the ID token's {exc.claim} claim does not hold ({exc.error})"
        raise OIDCError(UNCHECKED, reason) from exc
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client.client_id:
        raise OIDCError(UNCHECKED, "the ID token names several audiences and another azp")
    return claims


def _true(value: object) -> bool:
    return value is True or value == "true"


def verified_email(claims: dict[str, Any], *, microsoft: bool) -> str:
    """The email the provider vouches for: email_verified true, or for Microsoft Entra ID,
    which sends no email_verified for work accounts, xms_edov (the email's domain is
    verified by the tenant) true."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        raise OIDCError(
            "Your district account did not share its email address with OT Desk. Ask your "
            "coordinator to check the district sign-in settings.",
            "the ID token has no email claim (ask for the email scope or optional claim)",
        )
    said = claims.get("email_verified")
    vouched = _true(said) or (said is None and microsoft and _true(claims.get("xms_edov")))
    if not vouched:
        raise OIDCError(
            "Your district account's email address is not verified, so OT Desk cannot tell "
            "who you are. Ask your district's IT team to verify it, or sign in with your "
            "username and password.",
            f"email_verified is {said!r}",
        )
    return email.strip()
