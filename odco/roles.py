"""The nine roles of the programme (DESIGN.md §2). A user may hold several."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("ODCO staff")
    COMMITTEE = "committee", _("Steering committee")
    DELEGATION = "delegation", _("Regional delegation")
    COORDINATOR = "coordinator", _("Programme coordinator")
    TRAINER = "trainer", _("Trainer")
    COACH = "coach", _("Coach")
    MENTOR = "mentor", _("Mentor")
    JURY = "jury", _("Jury member")
    COOPERATIVE = "cooperative", _("Cooperative")


ALL_ROLES = tuple(Role.values)
# Roles whose scope is bound to one object.
REGION_BOUND_ROLES = frozenset({Role.DELEGATION})
COOPERATIVE_BOUND_ROLES = frozenset({Role.COOPERATIVE})
