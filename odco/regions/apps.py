from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "odco.regions"
    label = "regions"
    verbose_name = _("Regions and provinces")

    def ready(self):
        from django.db.models import Q

        from odco import scoping
        from odco.roles import Role

        from .models import Region

        scoping.register(
            Region,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: lambda user: Q(pk__in=user.delegation_region_ids),
            },
        )
