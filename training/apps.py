from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Regional training")

    def ready(self):
        from django.db.models import Q

        from odco import navigation, scoping, seeding
        from odco.roles import Role

        from .models import Certificate, Enrolment, KitItem, TrainingSession
        from .seed import seed_training

        def trained_by(user):
            return Q(
                pk__in=TrainingSession.trainers.through.objects.filter(user_id=user.pk).values(
                    "trainingsession_id"
                )
            )

        def attended_by_cooperative(user):
            return Q(
                pk__in=Enrolment.objects.filter(cooperative_id__in=user.cooperative_ids).values("session_id")
            )

        scoping.register(
            TrainingSession,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: lambda user: Q(region_id__in=user.delegation_region_ids),
                Role.TRAINER: trained_by,
                Role.COOPERATIVE: attended_by_cooperative,
            },
        )
        scoping.register(
            Enrolment,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: lambda user: Q(session__region_id__in=user.delegation_region_ids),
                Role.TRAINER: lambda user: Q(
                    session_id__in=TrainingSession.trainers.through.objects.filter(user_id=user.pk).values(
                        "trainingsession_id"
                    )
                ),
                Role.COOPERATIVE: lambda user: Q(cooperative_id__in=user.cooperative_ids),
            },
        )
        scoping.register(
            Certificate,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: lambda user: Q(region_id__in=user.delegation_region_ids),
                Role.COOPERATIVE: lambda user: Q(cooperative_id__in=user.cooperative_ids),
            },
        )
        scoping.register(
            KitItem,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: scoping.everything,
                Role.TRAINER: scoping.everything,
                # A cooperative gets the kit of the phases its participants are trained in.
                Role.COOPERATIVE: lambda user: Q(
                    phase_id__in=Enrolment.objects.filter(cooperative_id__in=user.cooperative_ids).values(
                        "session__phase_id"
                    )
                ),
            },
        )
        navigation.register(
            "training.sessions",
            _("Training"),
            "training:session_list",
            roles=[Role.STAFF, Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION],
            order=40,
            description=_("Regional sessions by phase and region, coverage, kits and certificates."),
        )
        navigation.register(
            "training.mine",
            _("My sessions"),
            "training:my_sessions",
            roles=[Role.TRAINER],
            order=41,
            description=_("Your sessions, their roll call and evaluations."),
        )
        seeding.register(40, "training", seed_training)
