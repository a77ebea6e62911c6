from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrizesConfig(AppConfig):
    name = "prizes"
    verbose_name = _("Prizes and phases")

    def ready(self):
        from django.db.models import Q

        from odco import navigation, scoping, seeding
        from odco.roles import Role

        from .models import Candidacy, ConceptNote, Edition, JuryMember, Phase
        from .seed import seed_prizes
        from .seed_space import seed_cooperative_space
        from .workflow import SCORABLE_STATES

        scoping.register(
            Edition,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: scoping.everything,
                Role.JURY: lambda user: Q(
                    pk__in=JuryMember.objects.filter(user_id=user.pk).values("edition_id")
                ),
            },
        )
        scoping.register(
            Phase,
            dict.fromkeys(
                (Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.TRAINER, Role.COACH),
                scoping.everything,
            ),
        )
        scoping.register(
            ConceptNote,
            {Role.COMMITTEE: scoping.everything, Role.COORDINATOR: scoping.everything},
        )
        scoping.register(
            Candidacy,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: lambda user: Q(region_id__in=user.delegation_region_ids),
                Role.COOPERATIVE: lambda user: Q(cooperative_id__in=user.cooperative_ids),
                # Jury members see the finalists of the editions they judge, nothing else.
                Role.JURY: lambda user: Q(
                    edition_id__in=JuryMember.objects.filter(user_id=user.pk).values("edition_id"),
                    status__in=SCORABLE_STATES,
                ),
            },
        )
        staff_side = [Role.STAFF, Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION]
        navigation.register(
            "prizes.editions",
            _("Prizes"),
            "prizes:edition_list",
            roles=staff_side,
            order=30,
            description=_("Editions of both prizes, their rules, phases and laureates."),
        )
        navigation.register(
            "prizes.candidacies",
            _("Candidacies"),
            "prizes:candidacy_list",
            roles=staff_side,
            order=31,
            description=_("Candidacies by region, status and category."),
        )
        navigation.register(
            "prizes.timeline",
            _("Timeline"),
            "prizes:timeline",
            roles=[*staff_side, Role.TRAINER, Role.COACH],
            order=32,
            description=_("Both prizes' accompaniment phases and their milestones."),
        )
        navigation.register(
            "prizes.jury",
            _("Jury"),
            "prizes:jury_home",
            roles=[Role.JURY],
            order=33,
            description=_("The candidacies you score."),
        )
        seeding.register(30, "prizes", seed_prizes)
        seeding.register(90, "cooperative_space", seed_cooperative_space)
        self._ready_showcase()

    @staticmethod
    def _ready_showcase():
        from django.db.models import Q

        from odco import navigation, scoping
        from odco.roles import Role

        from . import admin_showcase  # noqa: F401 - registers the showcase models in the admin
        from .models_showcase import CooperativePhoto, PublicProfile

        photos = {
            Role.COMMITTEE: scoping.everything,
            Role.COORDINATOR: scoping.everything,
            Role.DELEGATION: lambda user: Q(cooperative__region_id__in=user.delegation_region_ids),
            Role.COOPERATIVE: lambda user: Q(cooperative_id__in=user.cooperative_ids),
        }
        scoping.register(CooperativePhoto, photos)
        scoping.register(PublicProfile, {**photos, Role.COOPERATIVE: photos[Role.COOPERATIVE]})
        navigation.register(
            "prizes.showcase",
            _("Public pages"),
            "prizes:showcase_review_list",
            roles=[Role.STAFF, Role.COORDINATOR],
            order=34,
            description=_("Laureates' public pages to approve for the showcase."),
        )
