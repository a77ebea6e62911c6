"""Extension points filled by the apps above the registry (layering: they import us, never
the other way round).

- Participation filters: a later app (prizes) registers "which cooperatives took part in X"
  as a `Q`; the list page offers each registered filter. Until then the list offers none.
- Timeline: a later app (prizes, training, coaching, mentoring) registers a function that
  returns the events of one cooperative; the detail page merges them by date.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q


@dataclass(frozen=True)
class ParticipationFilter:
    key: str
    label: str
    condition: Callable[[], Q]


@dataclass(frozen=True)
class TimelineEvent:
    when: date
    title: str
    detail: str = ""
    url: str = ""


_participation: dict[str, ParticipationFilter] = {}
_timeline: list[Callable[[object], Iterable[TimelineEvent]]] = []


def register_participation_filter(key: str, label, condition: Callable[[], Q]) -> None:
    _participation[key] = ParticipationFilter(key, label, condition)


def participation_filters() -> list[ParticipationFilter]:
    return sorted(_participation.values(), key=lambda f: f.key)


def participation_condition(key: str) -> Q | None:
    found = _participation.get(key)
    return found.condition() if found else None


def register_timeline(provider: Callable[[object], Iterable[TimelineEvent]]) -> None:
    if provider not in _timeline:
        _timeline.append(provider)


def timeline_for(cooperative) -> list[TimelineEvent]:
    """Every event the programme recorded for `cooperative`, newest first."""
    events = [event for provider in _timeline for event in provider(cooperative)]
    return sorted(events, key=lambda e: e.when, reverse=True)
