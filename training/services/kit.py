"""The participant kit of a phase and its deliveries."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from odco.audit.services import audit_record
from prizes.services import phase_is_schedulable

from ..models import CalendarFeed, Enrolment, KitDelivery, KitItem
from ..permissions import can_manage_kit
from .errors import require


@transaction.atomic
def kit_item_add(
    *, actor, phase, kind: str, title: str, file=None, url: str = "", position: int = 100
) -> KitItem:
    """Add an element to the phase's kit. The kit follows the validated concept note."""
    require(can_manage_kit(actor))
    if not phase_is_schedulable(phase):
        raise ValidationError(_("The kit is defined once ODCO validates the phase's concept note."))
    item = KitItem(
        phase=phase, kind=kind, title=(title or "").strip(), url=(url or "").strip(), position=position
    )
    if file is not None:
        item.file = file
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="kit_item.add", obj=item, changes={"kind": kind})
    return item


@transaction.atomic
def kit_item_remove(*, actor, item: KitItem) -> None:
    require(can_manage_kit(actor))
    if item.kind == KitItem.Kind.CERTIFICATE:
        raise ValidationError(_("The certificate stays in the kit once certificates are issued."))
    audit_record(actor=actor, action="kit_item.remove", obj=item.phase, changes={"item": item.title})
    stored = item.file.name if item.file else ""
    item.delete()
    if stored:
        storage = KitItem._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def kit_deliver(*, actor, item: KitItem, participant_ids=None) -> int:
    """Record the item as delivered to participants (all those enrolled in the phase by default).

    Safe to run twice: a participant's first delivery date is kept.
    """
    require(can_manage_kit(actor))
    enrolled = Enrolment.objects.filter(session__phase_id=item.phase_id).values_list(
        "participant_id", flat=True
    )
    ids = set(enrolled) if participant_ids is None else set(participant_ids) & set(enrolled)
    already = set(KitDelivery.objects.filter(item=item).values_list("participant_id", flat=True))
    now = timezone.now()
    created = KitDelivery.objects.bulk_create(
        [
            KitDelivery(item=item, participant_id=pk, delivered_at=now, delivered_by=actor)
            for pk in sorted(ids - already)
        ]
    )
    if created:
        audit_record(actor=actor, action="kit_item.deliver", obj=item, changes={"participants": len(created)})
    return len(created)


@transaction.atomic
def calendar_feed_rotate(*, user) -> CalendarFeed:
    """The owner gets a new secret address for their calendar feed; the old one stops working."""
    import secrets

    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    feed.token = secrets.token_urlsafe()
    feed.full_clean()
    feed.save(update_fields=["token"])
    audit_record(actor=user, action="calendar_feed.rotate", obj=user)
    return feed
