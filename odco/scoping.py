"""What a user may see, decided in one place.

Each app registers, for each of its models, a rule per role: a function of the user that
returns a `Q` filter, or `EVERYTHING`. `scope(user, queryset)` keeps the rows allowed by
any of the user's roles. A role without a rule sees nothing (deny by default); ODCO staff
see everything unless a model says otherwise. Selectors call `scope()` once; views look
objects up in a scoped queryset, so an object outside the scope answers 404.
"""

from collections.abc import Callable

from django.db.models import Model, Q, QuerySet

from .roles import Role

EVERYTHING = object()
Rule = Callable[[object], "Q | object"]

_rules: dict[type[Model], dict[str, Rule]] = {}


def register(model: type[Model], rules: dict[str, Rule]) -> None:
    """Declare who sees which rows of `model`: {role: user -> Q | EVERYTHING}."""
    unknown = set(rules) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles in scope rules for {model.__name__}: {sorted(unknown)}")
    _rules.setdefault(model, {}).update(rules)


def everything(user) -> object:
    return EVERYTHING


def rules_for(model: type[Model]) -> dict[str, Rule]:
    rules = {Role.STAFF.value: everything}
    rules.update(_rules.get(model, {}))
    return rules


def scope(user, queryset: QuerySet) -> QuerySet:
    """`queryset` limited to what `user` may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    rules = rules_for(queryset.model)
    combined = Q(pk__in=[])
    for role in user.roles:
        rule = rules.get(role)
        if rule is None:
            continue
        condition = rule(user)
        if condition is EVERYTHING:
            return queryset
        combined |= condition
    return queryset.filter(combined)


def can_see(user, obj: Model) -> bool:
    return scope(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
