"""A cooperative's answer to a training invitation, per enrolled participant. The answer is
shown in the e-mailed calendar files as the PARTSTAT of the cooperative's ATTENDEE
(`training.services.invitations.cooperative_reply`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from odco.audit.services import audit_record
from odco.calendar_files import Reply

from ..models import Enrolment
from ..permissions import can_reply_enrolment
from .errors import require


@transaction.atomic
def enrolment_reply(*, actor, enrolment: Enrolment, reply: str) -> Enrolment:
    """The cooperative says whether the participant will attend, may attend or will not
    attend. Only a planned or open session not yet started; it changes no calendar revision
    (SEQUENCE): the next invitation or update carries the answer."""
    if reply not in Reply.values or reply == Reply.NEEDS_ACTION:
        raise ValidationError({"reply": _("Choose an answer.")})
    row = Enrolment.objects.select_for_update().select_related("session", "participant").get(pk=enrolment.pk)
    require(can_reply_enrolment(actor, row))
    before = row.reply
    row.reply = reply
    row.full_clean()
    row.save(update_fields=["reply"])
    audit_record(
        actor=actor,
        action="enrolment.reply",
        obj=row,
        from_state=before,
        to_state=reply,
        changes={"reply": [before, reply]},
    )
    return row
