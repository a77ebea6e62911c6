from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        self._register_scopes()
        self._register_navigation()
        from odco import seeding

        from .seed import seed_mentoring

        seeding.register(60, "mentoring", seed_mentoring)

    @staticmethod
    def _register_scopes():
        from django.db.models import Q

        from cooperatives.models import Cooperative
        from odco import scoping
        from odco.roles import Role

        from .models import Evaluation, Meeting, Mentor, Mentorship, NeedsProfile, Objective

        seen_by_mentee = ("confirmed", "active", "closed")

        def mentees(user):
            return Mentorship.objects.filter(mentor__user_id=user.pk).exclude(status="cancelled")

        def by_mentorship(prefix):
            return {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: lambda user: Q(
                    **{f"{prefix}candidacy__region_id__in": user.delegation_region_ids}
                ),
                Role.MENTOR: lambda user: Q(**{f"{prefix}mentor__user_id": user.pk}),
                Role.COOPERATIVE: lambda user: Q(
                    **{
                        f"{prefix}candidacy__cooperative_id__in": user.cooperative_ids,
                        f"{prefix}status__in": seen_by_mentee,
                    }
                ),
            }

        scoping.register(Mentorship, by_mentorship(""))
        scoping.register(Objective, by_mentorship("mentorship__"))
        scoping.register(Meeting, by_mentorship("mentorship__"))
        scoping.register(Evaluation, by_mentorship("mentorship__"))
        scoping.register(
            NeedsProfile,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: lambda user: Q(candidacy__region_id__in=user.delegation_region_ids),
                Role.MENTOR: lambda user: Q(candidacy_id__in=mentees(user).values("candidacy_id")),
                Role.COOPERATIVE: lambda user: Q(candidacy__cooperative_id__in=user.cooperative_ids),
            },
        )
        scoping.register(
            Mentor,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                # A delegation sees the mentors who work in its region.
                Role.DELEGATION: lambda user: Q(
                    pk__in=Mentor.objects.filter(
                        Q(regions__in=user.delegation_region_ids)
                        | Q(provinces__region_id__in=user.delegation_region_ids)
                    ).values("pk")
                ),
                Role.MENTOR: lambda user: Q(user_id=user.pk),
            },
        )
        # Mentors open the cooperatives they mentor (or mentored), nothing else.
        scoping.register(
            Cooperative,
            {Role.MENTOR: lambda user: Q(pk__in=mentees(user).values("candidacy__cooperative_id"))},
        )

    @staticmethod
    def _register_navigation():
        from odco import navigation
        from odco.roles import Role

        navigation.register(
            "mentoring.space",
            _("My mentees"),
            "mentoring:space",
            roles=[Role.MENTOR],
            order=50,
            description=_("Your mentees, their objectives and your meeting log."),
        )
        navigation.register(
            "mentoring.directory",
            _("Mentors"),
            "mentoring:directory",
            roles=[Role.STAFF, Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION],
            order=50,
            description=_("Mentors by region, sector, expertise and language."),
        )
        navigation.register(
            "mentoring.cohort",
            _("Mentor matching"),
            "mentoring:cohort",
            roles=[Role.STAFF, Role.COORDINATOR],
            order=51,
            description=_(
                "Propose a mentor to every laureate of an edition, near them and covering their needs."
            ),
        )

        def my_region(user):
            from django.urls import reverse

            from odco.regions.models import Region

            ids = sorted(user.delegation_region_ids)
            code = Region.objects.filter(pk=ids[0]).values_list("code", flat=True).first() if ids else None
            return reverse("mentoring:region", args=[code]) if code else None

        navigation.register(
            "mentoring.region",
            _("Mentoring in my region"),
            my_region,
            roles=[Role.DELEGATION],
            order=51,
            description=_("Your region's laureates, their mentors and meetings."),
        )
