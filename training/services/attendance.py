"""Roll call, self check-in, quizzes and satisfaction."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from odco.audit.services import audit_record

from .. import checkin
from ..conf import late_after_minutes
from ..models import Attendance, Enrolment, Evaluation, TrainingSession
from ..permissions import can_take_roll_call
from .errors import require

# Self check-in opens this long before the start.
CHECK_IN_EARLY = timedelta(minutes=30)


def _lock(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def attendance_record(*, actor, session: TrainingSession, marks: dict[int, str]) -> int:
    """The trainer's roll call: {enrolment id: present | late | absent}. Returns how many changed."""
    session = _lock(session)
    require(can_take_roll_call(actor, session))
    valid = set(Attendance.Status.values)
    errors = {
        str(pk): _("Choose present, late or absent.") for pk, status in marks.items() if status not in valid
    }
    if errors:
        raise ValidationError(errors)
    enrolments = {e.pk: e for e in session.enrolments.filter(pk__in=list(marks)).select_related("attendance")}
    unknown = set(marks) - set(enrolments)
    if unknown:
        raise ValidationError(_("Some participants are not enrolled in this session."))
    now = timezone.now()
    changed: dict[int, list[str]] = {}
    for pk, status in marks.items():
        enrolment = enrolments[pk]
        current = getattr(enrolment, "attendance", None)
        if current is not None and current.status == status:
            continue
        changed[pk] = [current.status if current else "", status]
        Attendance.objects.update_or_create(
            enrolment=enrolment,
            defaults={
                "status": status,
                "method": Attendance.Method.ROLL_CALL,
                "recorded_at": now,
                "recorded_by": actor,
            },
        )
    if changed:
        audit_record(
            actor=actor, action="training_session.roll_call", obj=session, changes={"marks": changed}
        )
    return len(changed)


def _digits(phone: str) -> str:
    return "".join(ch for ch in str(phone or "") if ch.isdigit())[-9:]


@transaction.atomic
def attendance_check_in(
    *, session: TrainingSession, code: str, phone: str, moment: datetime | None = None
) -> Attendance:
    """A participant checks in with the code shown in the room and their phone number.

    The code changes every period (see `training.checkin`); an old code is refused. After
    `TRAINING_LATE_AFTER_MINUTES` the participant is recorded as late. A roll-call mark made
    by the trainer is never overwritten.
    """
    moment = moment or timezone.now()
    session = _lock(session)
    if session.status != TrainingSession.Status.OPEN:
        raise ValidationError({"code": _("Check-in is closed for this session.")})
    if not session.starts_at - CHECK_IN_EARLY <= moment <= session.ends_at:
        raise ValidationError({"code": _("Check-in is open only during the session.")})
    if not checkin.code_is_valid(session, code, moment):
        raise ValidationError({"code": _("This code is wrong or has expired: type the code shown now.")})
    wanted = _digits(phone)
    if len(wanted) < 9:
        raise ValidationError({"phone": _("Enter the phone number you gave at enrolment.")})
    enrolment = next(
        (
            e
            for e in session.enrolments.select_related("participant", "attendance")
            if e.participant.phone and _digits(e.participant.phone) == wanted
        ),
        None,
    )
    if enrolment is None:
        raise ValidationError({"phone": _("No participant of this session has this phone number.")})
    existing = getattr(enrolment, "attendance", None)
    if existing is not None and existing.status in Attendance.ATTENDED:
        return existing
    late = moment > session.starts_at + timedelta(minutes=late_after_minutes())
    attendance, _created = Attendance.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "status": Attendance.Status.LATE if late else Attendance.Status.PRESENT,
            "method": Attendance.Method.SELF_CHECK_IN,
            "recorded_at": moment,
            "recorded_by": None,
        },
    )
    audit_record(
        actor=None,
        action="training_session.check_in",
        obj=session,
        changes={"enrolment": enrolment.pk, "status": attendance.status},
    )
    return attendance


EVALUATION_FIELDS = ("pre_score", "post_score", "satisfaction")


@transaction.atomic
def evaluation_record(*, actor, session: TrainingSession, rows: dict[int, dict]) -> int:
    """Quiz scores and satisfaction per enrolment: {enrolment id: {pre_score, post_score, satisfaction}}."""
    session = _lock(session)
    require(can_take_roll_call(actor, session))
    enrolments = {e.pk: e for e in Enrolment.objects.filter(session=session, pk__in=list(rows))}
    if set(rows) - set(enrolments):
        raise ValidationError(_("Some participants are not enrolled in this session."))
    changed = 0
    for pk, values in rows.items():
        evaluation = Evaluation.objects.filter(enrolment_id=pk).first() or Evaluation(enrolment_id=pk)
        before = tuple(getattr(evaluation, f) for f in EVALUATION_FIELDS)
        for name in EVALUATION_FIELDS:
            if name in values:
                setattr(evaluation, name, values[name])
        if evaluation.pk and before == tuple(getattr(evaluation, f) for f in EVALUATION_FIELDS):
            continue
        try:
            evaluation.full_clean(exclude=["enrolment"])
        except ValidationError as error:
            raise ValidationError({f"{pk}-{k}": v for k, v in error.message_dict.items()}) from error
        evaluation.save()
        changed += 1
    if changed:
        audit_record(
            actor=actor, action="training_session.evaluations", obj=session, changes={"rows": changed}
        )
    return changed
