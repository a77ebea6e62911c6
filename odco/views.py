import logging
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, connection, connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import navigation
from .roles import Role

security_log = logging.getLogger("odco.security")

# A user with a single role lands on that role's own page (navigation keys, registered by
# the apps); staff, coordinators and users with several roles get one panel per role.
LANDING = {
    Role.COOPERATIVE: "me",
    Role.COMMITTEE: "dashboard",
    Role.DELEGATION: "regional_dashboard",
    Role.COACH: "coaching.dashboard",
    Role.TRAINER: "training.mine",
    Role.MENTOR: "mentoring.space",
    Role.JURY: "prizes.jury",
}


def home(request):
    """The home page by role: a single-role user's own page, else one panel per role."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    items = navigation.items_for(request.user)
    roles = [r for r in Role if r in request.user.roles]
    if request.user.is_superuser and Role.STAFF not in roles:
        roles.insert(0, Role.STAFF)
    if len(roles) == 1 and roles[0] in LANDING and request.GET.get("panels") is None:
        landing = next((i["url"] for i in items if i["key"] == LANDING[roles[0]]), None)
        if landing:
            return redirect(landing)
    panels = [{"role": role, "items": [i for i in items if role in i["roles"]]} for role in roles]
    return render(request, "home.html", {"panels": panels})


@require_POST
def set_language(request):
    """Django's set_language (cookie `django_language`), remembered on the user too."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        get_user_model().objects.filter(pk=user.pk).update(language=language)
    return response


def broker_status() -> str:
    if not settings.REDIS_URL:
        return "embedded"
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError:
        return "down"
    return "ok"


@never_cache
def healthz(request):
    """Liveness for operators: 200 while the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any database failure is reported, not raised
        database = "down"
    body = {"database": database, "broker": broker_status(), "database_vendor": connection.vendor}
    return JsonResponse(body, status=200 if database == "ok" else 503)


def error_403(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    user = getattr(request, "user", None)
    security_log.info(
        "forbidden: user=%s path=%s ip=%s",
        getattr(user, "pk", None),
        request.path[:200],
        request.META.get("REMOTE_ADDR", ""),
    )
    return render(request, "403.html", {"reason": reason}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    """A lost database answers a plain 503 page (no query, no traceback) and drops the broken
    connections so that the next request reconnects; anything else is the 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logging.getLogger("odco.db").error("database unavailable: %s", str(error).strip()[:300])
        for conn in connections.all(initialized_only=True):
            conn.close_if_unusable_or_obsolete()
        response = HttpResponse(render_to_string("odco/503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", status=500)
