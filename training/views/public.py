"""Pages without login: certificate verification, self check-in, the personal calendar feed."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from .. import ics, selectors
from ..forms import CheckInForm, add_service_errors
from ..models import CalendarFeed, TrainingSession
from ..services import attendance_check_in
from ..services.invitations import session_title

CHECK_IN_ATTEMPTS = 20  # per address and minute
WRONG_CODE = gettext_lazy("This code is wrong or has expired: type the code shown now.")


@never_cache
def certificate_verify(request, code):
    """Public: valid or revoked, with the holder's name, prize, edition and issue date."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        # the platform's own answer, in the visitor's language: no certificate has this code
        return render(request, "training/verify_unknown.html", {"code": code}, status=404)
    return render(request, "training/verify.html", {"certificate": certificate})


def _throttled(request) -> bool:
    key = f"training:check-in:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, 60)
    try:
        return cache.incr(key) > CHECK_IN_ATTEMPTS
    except ValueError:
        return False


@never_cache
def check_in(request, pk):
    """Public: a participant types the code shown in the room and their phone number.

    Nothing about the session shows before the right code: every id (open, closed, draft or
    missing; ids are sequential) answers the same generic form, and every refusal of the code
    the same message, so the page tells an anonymous visitor neither which sessions exist
    nor their prize, region or time. Only the confirmation names the session.
    """
    session = (
        TrainingSession.objects.select_related("region", "phase__edition__prize")
        .filter(pk=pk, status=TrainingSession.Status.OPEN)
        .first()
    )
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    attendance = None
    status = 200
    if request.method == "POST":
        if _throttled(request):
            form.is_valid()
            form.add_error(None, _("Too many attempts: wait a minute and try again."))
            status = 429
        elif form.is_valid():
            try:
                if session is None:
                    raise ValidationError({"code": WRONG_CODE})
                attendance = attendance_check_in(
                    session=session, code=form.cleaned_data["code"], phone=form.cleaned_data["phone"]
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "code" in error.error_dict:
                    # closed, outside its hours or a wrong code: one answer, that says nothing more
                    error = ValidationError({"code": WRONG_CODE})
                add_service_errors(form, error)
                status = 400
        else:
            status = 400
    return render(
        request,
        "training/check_in.html",
        {"session": session if attendance else None, "form": form, "attendance": attendance},
        status=status,
    )


def calendar_feed(request, token):
    """A personal iCalendar feed; the secret token in its address is its only credential."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    sessions = selectors.feed_sessions(feed.user)[:500]
    detail = ics.opens_session_pages(feed.user)
    events = [
        # no attendee, no address: the feed shows what its owner's pages show
        ics.session_event(
            session,
            title=session_title(session),
            description=str(session.region),
            url=ics.session_url(session, detail=detail),
        )
        for session in sessions
    ]
    response = HttpResponse(
        ics.calendar(events, name=_("ODCO training")), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="odco-training.ics"'
    return response
