"""PDFs with WeasyPrint, fetching only our own static files (never the network)."""

from pathlib import Path
from urllib.parse import urlparse

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

TYPES = {".svg": "image/svg+xml", ".css": "text/css", ".png": "image/png"}


class StaticOnlyFetcher(URLFetcher):
    """Serve /static/... from disk; refuse every other URL."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = urlparse(url).path
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path[len(settings.STATIC_URL) :])
            if found:
                file = Path(str(found))
                kind = TYPES.get(file.suffix, "application/octet-stream")
                return URLFetcherResponse(
                    url, body=file.read_bytes(), headers={"Content-Type": kind}
                )
        raise ValueError(f"OT Desk does not fetch {url} while making a PDF.")


def render_pdf(html: str, *, base_url: str) -> bytes:
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher())
    pdf = document.write_pdf()
    assert pdf is not None
    return pdf
