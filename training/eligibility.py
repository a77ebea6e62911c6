"""The attendance rule: who earns a certificate of participation in a phase.

A participant's standing counts the sessions of the phase that took place (held or closed)
in which they were enrolled, and those they attended (present or late). They are eligible
when they attended at least one and `attended / enrolled >= min_attendance_percent / 100`
(compared in integers: no rounding at the boundary).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from .conf import min_attendance_percent
from .models import Attendance, Enrolment, PhaseTraining
from .workflow import HELD_STATES


@dataclass(frozen=True)
class Standing:
    participant_id: int
    cooperative_id: int
    enrolled: int
    attended: int
    hours: Decimal
    first_day: date | None
    last_day: date | None
    eligible: bool

    @property
    def percent(self) -> int:
        return 100 * self.attended // self.enrolled if self.enrolled else 0


def is_eligible(*, attended: int, enrolled: int, min_percent: int) -> bool:
    return attended > 0 and enrolled > 0 and attended * 100 >= min_percent * enrolled


def phase_min_percent(phase) -> int:
    plan = PhaseTraining.objects.filter(phase_id=phase.pk).only("min_attendance_percent").first()
    return plan.min_attendance_percent if plan else min_attendance_percent()


def phase_standings(phase, *, participant_ids=None) -> list[Standing]:
    """Every participant's standing in the phase (one aggregate query)."""
    min_percent = phase_min_percent(phase)
    attended = Q(attendance__status__in=Attendance.ATTENDED)
    rows = Enrolment.objects.filter(session__phase_id=phase.pk, session__status__in=HELD_STATES)
    if participant_ids is not None:
        rows = rows.filter(participant_id__in=participant_ids)
    rows = (
        rows.values("participant_id", "cooperative_id")
        .annotate(
            enrolled=Count("pk"),
            attended=Count("pk", filter=attended),
            hours=Sum("session__hours", filter=attended),
            first=Min("session__starts_at", filter=attended),
            last=Max("session__ends_at", filter=attended),
        )
        .order_by("participant_id")
    )
    return [
        Standing(
            participant_id=row["participant_id"],
            cooperative_id=row["cooperative_id"],
            enrolled=row["enrolled"],
            attended=row["attended"],
            hours=row["hours"] or Decimal("0"),
            first_day=timezone.localdate(row["first"]) if row["first"] else None,
            last_day=timezone.localdate(row["last"]) if row["last"] else None,
            eligible=is_eligible(attended=row["attended"], enrolled=row["enrolled"], min_percent=min_percent),
        )
        for row in rows
    ]
