"""Accounts for cooperatives: staff or the delegation invite a contact by e-mail.

Roles are granted, never grabbed. A new address gets an account with the cooperative role
and an e-mail with a one-time link (Django's password-reset tokens: the token changes as soon
as the password is set, and expires after `PASSWORD_RESET_TIMEOUT`) where the person chooses
a password. An existing account is not touched: the invitation waits for its owner, who is
told (on the platform and by e-mail, in their language) and accepts or declines it on
`/invitations/<pk>/` while logged in; only acceptance grants the role. The inviter's answer
is the same either way. A cooperative may have several members, each with their own login.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from odco.audit.services import audit_record
from odco.links import absolute_url
from odco.notifications.services import notify, user_language
from odco.roles import Role

from .models import Invitation, User
from .services import RoleSpec, role_grant, user_create_or_update


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "odco.accounts.invitations.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("invitations:accept", args=[uid, invitation_tokens.make_token(user)])


def _inviter_name(actor) -> str:
    return (actor.get_full_name() or actor.email) if actor is not None else _("ODCO")


@transaction.atomic
def invitation_create(
    *, actor, cooperative, email: str, first_name: str = "", last_name: str = "", language: str = ""
) -> Invitation | None:
    """Invite `email` to `cooperative`'s space.

    A new address: an account with the cooperative role, and a set-password link by e-mail.
    An existing account: nothing about it changes; a pending invitation (`needs_confirmation`)
    is recorded, or the open one is reminded, and its owner is asked to accept it. Someone who
    already holds the role is left alone (returns None).
    """
    normalized = User.objects.normalize_email(email or "").strip().lower()
    existing = User.objects.filter(email__iexact=normalized).first()
    if existing is None:
        return _invitation_new_account(
            actor=actor,
            cooperative=cooperative,
            email=normalized,
            first_name=first_name,
            last_name=last_name,
            language=language,
        )
    if cooperative.pk in existing.cooperative_ids:
        return None
    return _invitation_existing_account(actor=actor, cooperative=cooperative, user=existing)


def _invitation_new_account(*, actor, cooperative, email, first_name, last_name, language) -> Invitation:
    user, _created = user_create_or_update(
        email=email,
        roles=[RoleSpec(role=Role.COOPERATIVE, cooperative_id=cooperative.pk)],
        first_name=first_name,
        last_name=last_name,
        actor=actor,
        notify=False,  # the invitation below says it
    )
    if language:
        user.language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["language"])
    invitation = Invitation(user=user, cooperative=cooperative, invited_by=actor, role=Role.COOPERATIVE)
    invitation.full_clean()
    invitation.save()
    audit_record(actor=actor, action="invitation.create", obj=cooperative, message=user.email)

    def message():
        subject = _("You are invited to the space of %(cooperative)s") % {"cooperative": cooperative.name}
        body = _(
            "Hello,\n\n%(inviter)s gave you an account on the ODCO accompaniment platform for "
            "%(cooperative)s: its kit, its progress and its reports.\n\nODCO"
        ) % {"inviter": _inviter_name(actor), "cooperative": cooperative.name}
        return subject, body

    # The in-page copy never holds the link; the e-mail (sent after commit) does.
    notify(user=user, kind="account.invitation", message=message, url=reverse("home"), email=False)
    from .tasks import invitation_send_task

    transaction.on_commit(lambda: invitation_send_task.delay(invitation.pk, True))
    return invitation


def _invitation_existing_account(*, actor, cooperative, user) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .filter(
            user=user,
            cooperative=cooperative,
            role=Role.COOPERATIVE,
            needs_confirmation=True,
            accepted_at__isnull=True,
            declined_at__isnull=True,
        )
        .first()
    )
    if invitation is None:
        invitation = Invitation(
            user=user,
            cooperative=cooperative,
            invited_by=actor,
            role=Role.COOPERATIVE,
            needs_confirmation=True,
        )
        invitation.full_clean()
        invitation.save()
    audit_record(actor=actor, action="invitation.create", obj=cooperative, message=user.email)

    def message():
        subject = _("You are invited to the space of %(cooperative)s") % {"cooperative": cooperative.name}
        body = _(
            "Hello,\n\n%(inviter)s invites you to join the space of %(cooperative)s on the ODCO "
            "accompaniment platform, with your account %(email)s. Nothing changes until you "
            "accept: log in and open the link to accept or decline.\n\nODCO"
        ) % {"inviter": _inviter_name(actor), "cooperative": cooperative.name, "email": user.email}
        return subject, body

    # In the page and by e-mail after commit (the notification's e-mail holds the link).
    notify(
        user=user,
        kind="account.invitation",
        message=message,
        url=reverse("invitations:confirm", args=[invitation.pk]),
    )
    return invitation


def invitation_send(*, invitation_id: int, set_password: bool = True) -> int:
    """E-mail a new account's invitation in its language, with a fresh one-time link.

    An invitation to an existing account is e-mailed as its notification (see above)."""
    invitation = (
        Invitation.objects.select_related("user", "cooperative", "invited_by")
        .filter(pk=invitation_id, needs_confirmation=False)
        .first()
    )
    if invitation is None or invitation.accepted_at is not None:
        return 0
    user = invitation.user
    link = absolute_url(invitation_link(user) if set_password else reverse("account_login"))
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
    """Set the new account's password (already validated by the form) and close the
    invitations that made it. Invitations waiting for the person's answer stay open."""
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    now = timezone.now()
    Invitation.objects.filter(
        user=user, needs_confirmation=False, accepted_at__isnull=True, declined_at__isnull=True
    ).update(accepted_at=now)
    audit_record(actor=user, action="invitation.accept", obj=user)
    return user


def _open_invitation(*, user, invitation_id: int) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("cooperative", "invited_by")
        .filter(pk=invitation_id, user=user, needs_confirmation=True)
        .first()
    )
    if invitation is None:
        raise Invitation.DoesNotExist
    if invitation.accepted_at is not None:
        raise ValidationError(_("You already accepted this invitation."), code="accepted")
    if invitation.declined_at is not None:
        raise ValidationError(
            _("You declined this invitation; ask for a new one if needed."), code="declined"
        )
    return invitation


@transaction.atomic
def invitation_confirm(*, user, invitation_id: int) -> Invitation:
    """The invited person accepts: the role is granted to their account, now and only now.

    Raises `Invitation.DoesNotExist` for someone else's invitation and `ValidationError`
    for one already answered (a replay grants nothing)."""
    invitation = _open_invitation(user=user, invitation_id=invitation_id)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    role_grant(
        user=user,
        role=invitation.role,
        cooperative_id=invitation.cooperative_id,
        actor=invitation.invited_by or user,
    )
    audit_record(actor=user, action="invitation.accept", obj=invitation.cooperative, message=user.email)
    return invitation


@transaction.atomic
def invitation_decline(*, user, invitation_id: int) -> Invitation:
    """The invited person declines: nothing is granted and the invitation is closed."""
    invitation = _open_invitation(user=user, invitation_id=invitation_id)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    audit_record(actor=user, action="invitation.decline", obj=invitation.cooperative, message=user.email)
    return invitation
