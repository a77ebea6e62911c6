"""The cooperative's journey: each app lists its own steps (`journey_events(cooperative_id=…)`
in its selectors) as `Step`s; the cooperative's space (monitoring) merges them into one
timeline, most recent first, with what comes next (and by when) at the top.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

DONE = "done"  # something that happened
TODO = "todo"  # something the cooperative must do, by `on`
PLANNED = "planned"  # something that will happen on `on`
PROBLEM = "problem"  # a refusal, an absence, a revoked certificate


@dataclass(frozen=True)
class Step:
    on: date
    kind: str  # candidacy, eligibility, jury, training, certificate, coaching, action, pitch, ...
    title: str
    detail: str = ""
    url: str = ""
    state: str = DONE
    label: str = ""  # the kind in words, set by whoever shows the timeline

    @property
    def is_next(self) -> bool:
        return self.state in (TODO, PLANNED)


def as_date(value) -> date | None:
    """A date (datetimes read in the local time zone)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def split(steps, *, today: date) -> tuple[list[Step], list[Step]]:
    """(what comes next, soonest first; the timeline, most recent first)."""
    upcoming = sorted(
        (s for s in steps if s.is_next and (s.state == TODO or s.on >= today)), key=lambda s: (s.on, s.kind)
    )
    past = sorted((s for s in steps if s not in upcoming), key=lambda s: (s.on, s.kind), reverse=True)
    return upcoming, past
