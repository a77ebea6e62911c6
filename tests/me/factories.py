"""Builders for the cooperative-space tests: a kit (an item and a certificate) for a cooperative."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from cooperatives.models import Member
from training.models_kit import Certificate, KitItem

from ..training.factories import accompanied, make_session, validated_phase

PDF = b"%PDF-1.4 kit"


def kit_for(cooperative, *, year: int = 2025, title: str = "Guide du financement"):
    """An accompanied cooperative enrolled in a session of a phase with one kit file and a
    certificate with its PDF. Returns (item, certificate)."""
    phase = validated_phase(year)
    accompanied(phase, cooperative=cooperative, participants=1, region_code=cooperative.region.code)
    make_session(phase, region_code=cooperative.region.code, status="open", enrol=True)
    item = KitItem(phase=phase, kind="file", title=title)
    item.file.save("guide.pdf", ContentFile(PDF), save=False)
    item.save()
    person = Member.objects.filter(cooperative=cooperative, kind="participant").first()
    certificate = Certificate(
        phase=phase,
        participant=person,
        cooperative=cooperative,
        region=cooperative.region,
        holder_name=f"{person.first_name} {person.last_name}",
        first_day=phase.starts_on,
        last_day=phase.starts_on,
        hours=Decimal("6"),
        issued_at=timezone.now(),
    )
    certificate.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.4 certificate"), save=False)
    certificate.save()
    return item, certificate


def coached_action(cooperative, *, title: str = "Chiffrer les coûts", year: int = 2025):
    """A coaching session of an accompanied candidacy with one open action for the cooperative."""
    from coaching.services import AgreedAction, session_log
    from odco.roles import Role
    from tests.coaching.factories import assign, make_accompanied, make_coach, make_phase
    from tests.factories import make_user

    phase = make_phase(year=year)
    candidacy = make_accompanied(phase, cooperative=cooperative, region_code=cooperative.region.code)
    coach = make_coach(make_user(Role.COACH))
    session = session_log(
        actor=coach.user,
        assignment=assign(candidacy, coach),
        held_on=date(year, 5, 6),
        duration_minutes=60,
        mode="in_person",
        topics="Modèle économique",
        notes="",
        actions=[AgreedAction(title, "cooperative", date(year, 5, 13))],
    )
    return session.actions.get()
