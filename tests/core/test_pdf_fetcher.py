"""WeasyPrint loads only data URIs and the platform's static files (odco/pdf.py)."""

import base64
import io
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image
from pypdf import PdfReader

from odco.pdf import PDFFetchRefused, render_html_pdf, render_pdf, url_fetcher


def _png(colour=(11, 110, 79)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def _html(body: str, head: str = "") -> str:
    head = f"<meta charset='utf-8'>{head}"
    return f"<!doctype html><html><head>{head}</head><body><p>ODCO</p>{body}</body></html>"


@pytest.fixture
def http_server():
    """A local HTTP server that records every request it gets."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(_png())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_remote_urls_and_server_files_are_refused_without_being_fetched(http_server, caplog):
    base, requests = http_server
    html = _html(
        f'<img src="{base}/x.png"><img src="http://127.0.0.1:1/x"><img src="file:///etc/passwd">'
        f'<img src="../../../../etc/hostname">',
        head=f'<link rel="stylesheet" href="file:///etc/passwd"><link rel="stylesheet" href="{base}/s.css">'
        f"<style>@import url('https://example.com/a.css');"
        f" body {{ background: url('{base}/bg.png') }}</style>",
    )
    with caplog.at_level(logging.WARNING, logger="odco.pdf"):
        pdf = render_html_pdf(html)

    assert pdf.startswith(b"%PDF-")
    assert _images(pdf) == 0
    assert requests == []
    refused = {record.args[0] for record in caplog.records if record.name == "odco.pdf"}
    assert {
        f"{base}/x.png",
        "http://127.0.0.1:1/x",
        "file:///etc/passwd",
        f"{base}/s.css",
        "https://example.com/a.css",
        f"{base}/bg.png",
    } <= refused
    assert any(url.startswith("file://") and url.endswith("/etc/hostname") for url in refused)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/x",
        "https://example.com/",
        "file:///etc/passwd",
        "ftp://example.com/f",
        "file://host/x",
    ],
)
def test_the_fetcher_refuses_anything_but_data_and_static_files(url):
    with pytest.raises(PDFFetchRefused):
        url_fetcher().fetch(url)


def test_a_data_uri_image_still_renders():
    data = base64.b64encode(_png()).decode()
    pdf = render_html_pdf(_html(f'<img src="data:image/png;base64,{data}">'))
    assert _images(pdf) == 1


def test_a_static_file_still_renders(settings, tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(_png())
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, str(tmp_path)]
    logo = (tmp_path / "img" / "logo.png").as_uri()
    pdf = render_html_pdf(_html(f'<img src="{logo}"><img src="/static/img/logo.png">'))
    assert _images(pdf) == 2


def test_a_static_folder_does_not_open_the_rest_of_the_disk(settings, tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "secret.png").write_bytes(_png())
    settings.STATICFILES_DIRS = [str(tmp_path / "static")]
    settings.STATIC_ROOT = str(tmp_path / "collected")
    with pytest.raises(PDFFetchRefused):
        url_fetcher().fetch((tmp_path / "static" / ".." / "secret.png").as_uri())
    with pytest.raises(PDFFetchRefused):
        url_fetcher().fetch("file:///static/../secret.png")
    assert _images(render_html_pdf(_html(f'<img src="{(tmp_path / "secret.png").as_uri()}">'))) == 0


def test_templates_render_through_the_restricted_fetcher(monkeypatch):
    seen = []
    import weasyprint

    original = weasyprint.HTML

    def spy(*args, **kwargs):
        seen.append(kwargs.get("url_fetcher"))
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    render_pdf("odco/pdf/sample.html", {"title": "Essai", "pages": [{"heading": "A", "heading_ar": "ب"}]})
    assert len(seen) == 1 and type(seen[0]).__name__ == "PlatformURLFetcher"
