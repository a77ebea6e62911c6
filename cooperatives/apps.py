from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Cooperative registry")

    def ready(self):
        from django.db.models import Q

        from odco import navigation, scoping, seeding
        from odco.roles import Role

        from .models import Cooperative, ProfileChange
        from .seed import seed_cooperatives

        scoping.register(
            Cooperative,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: lambda user: Q(region_id__in=user.delegation_region_ids),
                Role.COOPERATIVE: lambda user: Q(pk__in=user.cooperative_ids),
            },
        )
        scoping.register(
            ProfileChange,
            {
                Role.DELEGATION: lambda user: Q(cooperative__region_id__in=user.delegation_region_ids),
                Role.COOPERATIVE: lambda user: Q(cooperative_id__in=user.cooperative_ids),
            },
        )
        navigation.register(
            "cooperatives",
            _("Cooperatives"),
            "cooperatives:list",
            roles=[Role.STAFF, Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION],
            order=20,
            description=_("The national registry: search, filter, export."),
        )
        navigation.register(
            "profile_changes",
            _("Profile changes"),
            "cooperatives:profile_changes",
            roles=[Role.STAFF, Role.DELEGATION],
            order=21,
            description=_("Changes of registry data proposed by cooperatives, to validate."),
        )
        seeding.register(20, "cooperatives", seed_cooperatives)
