"""Extension points for the apps above prizes (layering: they import us, never the reverse).

Jury panels: an app registers a template and a function giving its context for one candidacy
(e.g. coaching shows the current business model canvas to the jury). The jury's scoring page
includes each registered panel; until an app registers one, the page shows none.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: dict


_jury_panels: dict[str, tuple[str, Callable]] = {}


def register_jury_panel(key: str, template: str, context: Callable[..., dict | None]) -> None:
    """`context(user=..., candidacy=...)` returns the panel's context, or None to show nothing."""
    _jury_panels[key] = (template, context)


def jury_panels(*, user, candidacy) -> list[Panel]:
    panels = []
    for key, (template, provider) in sorted(_jury_panels.items()):
        context = provider(user=user, candidacy=candidacy)
        if context is not None:
            panels.append(Panel(key, template, context))
    return panels
