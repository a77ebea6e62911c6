"""Each demo role follows every same-site link it is shown (breadth first, bounded): no page
answers a server error, and no link shown to a user is refused to that user (403/404)."""

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from odco.accounts.models import User
from odco.roles import Role

pytestmark = pytest.mark.django_db

HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"'#][^"']*)["']""", re.IGNORECASE)
# Not crawled: leaving the session, the admin (Django's own), the account pages (allauth's).
SKIP_PREFIXES = ("/accounts/", "/admin/", "/static/", "/i18n/", "/media/")
MAX_PAGES = 50  # per role
MAX_PER_VIEW = 2  # the same view with other objects adds little once it answered


def demo_user(role: str) -> User:
    email = "delegation.09@demo.odco.ma" if role == Role.DELEGATION else f"{role}@demo.odco.ma"
    return User.objects.get(email=email)


def links(html: str, base: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        url, _ = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue  # another site
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIP_PREFIXES):
            found.append(path)
    return found


def view_name(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path


def crawl(client: Client) -> tuple[int, list[str]]:
    queue, seen, per_view, problems, visited = deque([("/", "start")]), {"/"}, {}, [], 0
    while queue and visited < MAX_PAGES:
        path, shown_on = queue.popleft()
        name = view_name(path)
        if per_view.get(name, 0) >= MAX_PER_VIEW:
            continue
        per_view[name] = per_view.get(name, 0) + 1
        response = client.get(path)
        visited += 1
        if response.status_code in (301, 302):
            target = response["Location"]
            if target not in seen:
                seen.add(target)
                queue.append((target, path))
            continue
        if response.status_code >= 500 or response.status_code in (403, 404):
            problems.append(f"{response.status_code} {path} (linked from {shown_on})")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links(response.content.decode(), path):
            if link not in seen:
                seen.add(link)
                queue.append((link, path))
    return visited, problems


def test_every_link_shown_to_a_demo_role_answers_that_role():
    call_command("seed_demo", verbosity=0)
    problems, reached = {}, {}
    for role in Role.values:
        client = Client(raise_request_exception=False)
        client.force_login(demo_user(role))
        reached[role], found = crawl(client)
        if found:
            problems[role] = found

    assert problems == {}
    assert min(reached.values()) >= 3, reached
