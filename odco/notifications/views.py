from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from odco.params import id_params
from odco.permissions import Verdict, allow, deny, permission_required

from .selectors import notification_list
from .services import notifications_mark_read


def can_view_notifications(user, obj=None) -> Verdict:
    """Every logged-in user reads their own notifications (and only theirs)."""
    if not getattr(user, "is_authenticated", False):
        from django.utils.translation import gettext as _

        return deny(_("You must log in."))
    return allow()


@permission_required(can_view_notifications)
def notification_list_view(request):
    notifications = notification_list(user=request.user, limit=100)
    return render(
        request,
        "notifications/list.html",
        {"notifications": notifications, "unread": sum(1 for n in notifications if not n.is_read)},
    )


@require_POST
@permission_required(can_view_notifications)
def notification_read_view(request):
    ids = id_params(request.POST.getlist("id")) or None
    notifications_mark_read(user=request.user, ids=ids)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:list"
    return redirect(target)
