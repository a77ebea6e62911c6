"""The main navigation, registered by each app in its AppConfig.ready() (no upward imports)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: Callable[[object], str | None]
    roles: frozenset[str]
    order: int = 100
    description: str = field(default="", compare=False)


_items: dict[str, NavItem] = {}


def register(
    key: str, label, url_name: str | Callable[[object], str | None], *, roles, order=100, description=""
):
    def resolve(user, _name=url_name):
        if callable(_name):
            return _name(user)
        try:
            return reverse(_name)
        except NoReverseMatch:
            return None

    _items[key] = NavItem(key, label, resolve, frozenset(roles), order, description)


def items_for(user) -> list[dict]:
    """The entries a user's roles give access to, with their resolved URLs."""
    if not getattr(user, "is_authenticated", False):
        return []
    roles = set(user.roles)
    if user.is_superuser:
        roles.add("staff")
    result = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.key)):
        if not roles & item.roles:
            continue
        url = item.url(user)
        if url:
            result.append(
                {
                    "key": item.key,
                    "label": item.label,
                    "url": url,
                    "roles": item.roles,
                    "description": item.description,
                }
            )
    return result
