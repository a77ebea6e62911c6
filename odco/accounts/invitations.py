"""Accounts for cooperatives: staff or the delegation invite a contact by e-mail.

The e-mail carries a one-time link (Django's password-reset tokens: the token changes as soon
as the password is set, and expires after `PASSWORD_RESET_TIMEOUT`) where the person chooses a
password. A cooperative may have several members, each with their own login.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from odco.audit.services import audit_record
from odco.notifications.services import notify, site_link, user_language
from odco.roles import Role

from .models import Invitation, User
from .services import RoleSpec, user_create_or_update


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "odco.accounts.invitations.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("invitations:accept", args=[uid, invitation_tokens.make_token(user)])


@transaction.atomic
def invitation_create(
    *, actor, cooperative, email: str, first_name: str = "", last_name: str = "", language: str = ""
) -> Invitation:
    """Give `email` a cooperative account for `cooperative` and e-mail a set-password link.

    An existing user keeps their password and is only given the role (and told so).
    """
    existing = User.objects.filter(email__iexact=(email or "").strip()).first()
    user, created = user_create_or_update(
        email=email,
        roles=[RoleSpec(role=Role.COOPERATIVE, cooperative_id=cooperative.pk)],
        first_name=first_name,
        last_name=last_name,
        actor=actor,
    )
    if created and language:
        user.language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["language"])
    invitation = Invitation(user=user, cooperative=cooperative, invited_by=actor)
    invitation.full_clean()
    invitation.save()
    audit_record(actor=actor, action="invitation.create", obj=cooperative, message=user.email)
    needs_password = existing is None or not existing.has_usable_password()

    def message():
        subject = _("You are invited to the space of %(cooperative)s") % {"cooperative": cooperative.name}
        body = _(
            "Hello,\n\n%(inviter)s gave you an account on the ODCO accompaniment platform for "
            "%(cooperative)s: its kit, its progress and its reports.\n\nODCO"
        ) % {"inviter": actor.get_full_name() or actor.email, "cooperative": cooperative.name}
        return subject, body

    # The in-page copy never holds the link; the e-mail (sent after commit) does.
    notify(user=user, kind="account.invitation", message=message, url=reverse("home"), email=False)
    from .tasks import invitation_send_task

    transaction.on_commit(lambda: invitation_send_task.delay(invitation.pk, needs_password))
    return invitation


def invitation_send(*, invitation_id: int, set_password: bool = True) -> int:
    """E-mail the invitation in the invited person's language, with a fresh one-time link."""
    invitation = (
        Invitation.objects.select_related("user", "cooperative", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.accepted_at is not None:
        return 0
    user = invitation.user
    link = site_link(invitation_link(user) if set_password else reverse("account_login"))
    with translation.override(user_language(user)):
        subject = _("You are invited to the space of %(cooperative)s") % {
            "cooperative": invitation.cooperative.name
        }
        if set_password:
            action = _("Choose your password here (the link works once): %(link)s") % {"link": link}
        else:
            action = _("Log in with your usual password here: %(link)s") % {"link": link}
        body = _(
            "Hello,\n\nYou now have an account on the ODCO accompaniment platform for %(cooperative)s: "
            "its kit, its progress and its reports.\n%(action)s\n\nYour login is your e-mail address: "
            "%(email)s\n\nODCO"
        ) % {"cooperative": invitation.cooperative.name, "action": action, "email": user.email}
    return send_mail(subject, body, None, [user.email])


@transaction.atomic
def invitation_accept(*, user, password: str) -> User:
    """Set the invited person's password (already validated by the form) and close their invitations."""
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    now = timezone.now()
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=now)
    audit_record(actor=user, action="invitation.accept", obj=user)
    return user
