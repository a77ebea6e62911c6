"""Reporting periods: a period is its frequency and its first day (quarters and months).

A report for a period is due a number of days after the period ends
(`ODCO_REPORT_DUE_DAYS`, 15 by default).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MONTHLY = "monthly"
QUARTERLY = "quarterly"
FREQUENCY_CHOICES = [(MONTHLY, _("monthly")), (QUARTERLY, _("quarterly"))]


def due_days() -> int:
    return getattr(settings, "ODCO_REPORT_DUE_DAYS", 15)


def reminder_days() -> int:
    """How many days before the due date the cooperative is reminded."""
    return getattr(settings, "ODCO_REPORT_REMINDER_DAYS", 7)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    frequency: str = QUARTERLY

    @classmethod
    def containing(cls, day: date, frequency: str = QUARTERLY) -> "Period":
        if frequency == MONTHLY:
            return cls(date(day.year, day.month, 1), MONTHLY)
        return cls(date(day.year, 3 * ((day.month - 1) // 3) + 1, 1), QUARTERLY)

    @property
    def months(self) -> int:
        return 1 if self.frequency == MONTHLY else 3

    @property
    def end(self) -> date:
        """The last day of the period."""
        return self.next().start - timedelta(days=1)

    @property
    def due_on(self) -> date:
        return self.end + timedelta(days=due_days())

    def next(self) -> "Period":
        month = self.start.month - 1 + self.months
        return Period(date(self.start.year + month // 12, month % 12 + 1, 1), self.frequency)

    def previous(self) -> "Period":
        month = self.start.month - 1 - self.months
        return Period(date(self.start.year + month // 12, month % 12 + 1, 1), self.frequency)

    @property
    def label(self) -> str:
        """'2025-Q1' or '2025-03': the same in every language (exports and filters)."""
        if self.frequency == MONTHLY:
            return f"{self.start:%Y-%m}"
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"

    @classmethod
    def parse(cls, label: str) -> "Period | None":
        """The period named '2025-Q1' or '2025-03', or None."""
        label = (label or "").strip().upper()
        try:
            year, rest = label.split("-", 1)
            if rest.startswith("Q") and rest[1:] in {"1", "2", "3", "4"}:
                return cls(date(int(year), 3 * (int(rest[1:]) - 1) + 1, 1), QUARTERLY)
            month = int(rest)
            if 1 <= month <= 12:
                return cls(date(int(year), month, 1), MONTHLY)
        except ValueError:
            return None
        return None

    def __str__(self) -> str:
        return self.label


def last_closed(today: date, frequency: str = QUARTERLY) -> Period:
    """The most recent period that has ended by `today` (the one being reported on)."""
    return Period.containing(today, frequency).previous()
