"""Invitations: staff or the delegation invite a cooperative's contact; the contact sets a
password through the one-time link."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from odco.permissions import permission_required, requires_roles
from odco.roles import Role
from odco.scoping import scope

from .forms import InvitationForm
from .invitations import invitation_accept, invitation_create, invitation_tokens
from .models import Invitation

can_invite_cooperative_members = requires_roles(Role.DELEGATION)


def _cooperative_in_scope(user, pk):
    Cooperative = apps.get_model("cooperatives", "Cooperative")
    cooperative = scope(user, Cooperative.objects.select_related("region")).filter(pk=pk).first()
    if cooperative is None:
        raise Http404
    return cooperative


@permission_required(can_invite_cooperative_members)
def invitation_create_view(request, pk):
    cooperative = _cooperative_in_scope(request.user, pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(actor=request.user, cooperative=cooperative, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.user.email}
            )
            return redirect("invitations:create", pk=cooperative.pk)
    accounts = list(
        get_user_model()
        .objects.filter(role_assignments__role=Role.COOPERATIVE, role_assignments__cooperative=cooperative)
        .order_by("email")
        .distinct()
    )
    invitations = list(
        Invitation.objects.filter(cooperative=cooperative).select_related("user", "invited_by")[:50]
    )
    return render(
        request,
        "accounts/invitation_form.html",
        {"cooperative": cooperative, "form": form, "accounts": accounts, "invitations": invitations},
    )


def _invited_user(uidb64):
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return get_user_model().objects.filter(pk=pk, invitations__isnull=False).distinct().first()


def invitation_accept_view(request, uidb64, token):
    """Public: the one-time link from the invitation e-mail (a used or old link is refused)."""
    user = _invited_user(uidb64)
    if user is None or not invitation_tokens.check_token(user, token):
        return render(request, "accounts/invitation_accept.html", {"invalid": True}, status=404)
    form = SetPasswordForm(user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    if request.method == "POST" and form.is_valid():
        invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, _("Your password is set. Log in with your e-mail address."))
        return redirect("account_login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invited": user})
