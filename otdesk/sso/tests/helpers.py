"""Driving district sign-in from a test: the district form, the provider, the answer."""

from http.client import HTTPConnection
from urllib.parse import urlsplit

from django.test import Client


def at_provider(url: str) -> str:
    """Open the provider's sign-in page as a browser would (the person 'agrees' there):
    the path and query it sends the browser back to."""
    parts = urlsplit(url)
    assert parts.hostname and parts.port
    connection = HTTPConnection(parts.hostname, parts.port, timeout=5)
    connection.request("GET", f"{parts.path}?{parts.query}")
    answer = connection.getresponse()
    assert answer.status == 302, answer.read()
    back = urlsplit(answer.getheader("Location") or "")
    connection.close()
    return f"{back.path}?{back.query}"


def start(client: Client, email: str, **extra: str) -> str:
    """Type the work email into the district form: the provider's sign-in page."""
    response = client.post("/sign-in/district/", {"email": email, **extra})
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def district_sign_in(client: Client, email: str, **extra: str):  # type: ignore[no-untyped-def]
    """The whole round: the email, the provider, and the provider's answer to OT Desk."""
    return client.get(at_provider(start(client, email, **extra)))
