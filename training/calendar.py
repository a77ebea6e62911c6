"""The month calendar of training sessions by region: a grid of regions × days (pure data,
built from the sessions the user may see; the view only renders it)."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass
class RegionRow:
    region: object
    cells: list[list] = field(default_factory=list)  # one list of sessions per day of the month

    @property
    def count(self) -> int:
        return sum(len(cell) for cell in self.cells)


@dataclass
class MonthGrid:
    month: date  # the first day
    days: list[date]
    rows: list[RegionRow]

    @property
    def previous(self) -> date:
        return (self.month - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1]) + timedelta(
            days=1
        )

    @property
    def count(self) -> int:
        return sum(row.count for row in self.rows)


def parse_month(value: str | None, *, today: date | None = None) -> date:
    """'2025-05' → 1 May 2025; anything else → the current month."""
    try:
        year, month = (int(part) for part in str(value or "").split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return (today or timezone.localdate()).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as an aware [start, end) interval in the platform's time zone."""
    last = calendar.monthrange(month.year, month.month)[1]
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(month, time.min), tz)
    end = timezone.make_aware(datetime.combine(month.replace(day=last) + timedelta(days=1), time.min), tz)
    return start, end


def month_grid(month: date, regions, sessions) -> MonthGrid:
    """Place each session on every day it spans within the month, in its region's row."""
    last = calendar.monthrange(month.year, month.month)[1]
    days = [month.replace(day=d) for d in range(1, last + 1)]
    rows = {r.pk: RegionRow(region=r, cells=[[] for _ in days]) for r in regions}
    for session in sessions:
        row = rows.get(session.region_id)
        if row is None:
            continue
        first = max(timezone.localtime(session.starts_at).date(), days[0])
        final = min(timezone.localtime(session.ends_at).date(), days[-1])
        day = first
        while day <= final:
            row.cells[day.day - 1].append(session)
            day += timedelta(days=1)
    return MonthGrid(month=month, days=days, rows=list(rows.values()))
