"""Invitations: staff or the delegation invite a cooperative's contact; a new contact sets a
password through the one-time link, an existing account accepts or declines on its confirm page."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from odco.permissions import Verdict, allow, deny, permission_required, requires_roles
from odco.roles import Role
from odco.scoping import scope

from .forms import InvitationForm
from .invitations import (
    invitation_accept,
    invitation_confirm,
    invitation_create,
    invitation_decline,
    invitation_tokens,
)
from .models import Invitation
from .selectors import cooperative_account_list, cooperative_invitation_list, invitation_for_owner

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
            invitation_create(actor=request.user, cooperative=cooperative, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # The same answer whether the address had an account or not (no oracle).
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("invitations:create", pk=cooperative.pk)
    return render(
        request,
        "accounts/invitation_form.html",
        {
            "cooperative": cooperative,
            "form": form,
            "accounts": list(cooperative_account_list(cooperative=cooperative)),
            "invitations": cooperative_invitation_list(cooperative=cooperative),
        },
    )


def can_answer_invitation(user, obj=None) -> Verdict:
    """Any logged-in user may open the confirm page; the invitation itself must be theirs (404)."""
    if not getattr(user, "is_authenticated", False):
        return deny(_("You must log in."))
    return allow()


@permission_required(can_answer_invitation)
def invitation_confirm_view(request, pk):
    """The invited account's owner accepts (the role is granted) or declines the invitation."""
    invitation = invitation_for_owner(user=request.user, pk=pk)
    if invitation is None:
        raise Http404
    status = 200
    if request.method == "POST":
        answer = request.POST.get("answer")
        service = {"accept": invitation_confirm, "decline": invitation_decline}.get(answer)
        if service is None:
            status = 400
        else:
            try:
                service(user=request.user, invitation_id=invitation.pk)
            except Invitation.DoesNotExist as exc:  # deleted meanwhile
                raise Http404 from exc
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 409
                invitation.refresh_from_db()
            else:
                if answer == "accept":
                    messages.success(
                        request,
                        _("You joined the space of %(cooperative)s.")
                        % {"cooperative": invitation.cooperative.name},
                    )
                    return redirect("home")
                messages.success(request, _("You declined the invitation. Nothing changed on your account."))
                return redirect("invitations:confirm", pk=invitation.pk)
    return render(request, "accounts/invitation_confirm.html", {"invitation": invitation}, status=status)


def _invited_user(uidb64):
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    # Only accounts made by an invitation: an existing account invited elsewhere gets no such link.
    return get_user_model().objects.filter(pk=pk, invitations__needs_confirmation=False).distinct().first()


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
