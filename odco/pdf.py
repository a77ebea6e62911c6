"""Render a Django template to PDF with WeasyPrint.

Print templates extend `pdf/base.html`, which selects a font that shapes Arabic (Amiri,
then DejaVu Sans, found by fontconfig, not by URL). Batch work passes several pages to one
template and renders them in one pass instead of one document at a time.

WeasyPrint fetches what a document links to (images, stylesheets, fonts). Documents carry
text that users typed, so the fetcher (`PlatformURLFetcher`) loads only `data:` URIs and
the platform's own static files: never the network, never another file of the server.
Uploaded images (cooperatives' photos) are passed as `data:` URIs (`coaching/deck.py`).
"""

import logging
from datetime import UTC
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)


class PDFFetchRefused(ValueError):
    """A document linked to something other than a data URI or a static file of the platform."""


def static_roots() -> tuple[Path, ...]:
    """The folders whose files a PDF may load: the collected static root, STATICFILES_DIRS and
    each installed app's `static/` folder."""
    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, list | tuple) else entry))
    roots += [Path(config.path) / "static" for config in apps.get_app_configs()]
    return tuple(root.resolve() for root in roots)


def _allowed_file(path: Path) -> Path | None:
    path = path.resolve()
    if path.is_file() and any(path.is_relative_to(root) for root in static_roots()):
        return path
    # `{% static %}` writes /static/…: with base_url at the project folder that is file:///static/…
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    raw = path.as_posix()
    if raw.startswith(prefix):
        found = finders.find(raw[len(prefix) :])
        if found and Path(found).resolve().is_file():
            return Path(found).resolve()
    return None


@lru_cache(maxsize=1)
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class PlatformURLFetcher(URLFetcher):
        """WeasyPrint's fetcher restricted to data URIs and the platform's static files."""

        def __init__(self, **kwargs):
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file" and parts.netloc in ("", "localhost"):
                path = _allowed_file(Path(url2pathname(unquote(parts.path))))
                if path is not None:
                    return super().fetch(path.as_uri(), headers)
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise PDFFetchRefused(f"not a data URI or a static file of the platform: {url[:200]}")

    return PlatformURLFetcher


def url_fetcher():
    """A fetcher for `weasyprint.HTML(url_fetcher=…)`: data URIs and static files only."""
    return _fetcher_class()()


def render_html_pdf(html: str) -> bytes:
    """HTML already rendered, to PDF, fetching nothing but data URIs and static files.

    The file carries a title (the page's `<title>`), a language (`<html lang>`, the catalog's
    /Lang) and a creation date (now, unless the page gives `<meta name="dcterms.created">`).
    """
    from weasyprint import HTML  # imported lazily: heavy, and only PDF work needs it

    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=url_fetcher()).render()
    if not document.metadata.created:
        document.metadata.created = timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return document.write_pdf()


def render_pdf(template_name: str, context: dict | None = None, *, language: str | None = None) -> bytes:
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context or {})
    return render_html_pdf(html)
