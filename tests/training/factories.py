"""Builders for the training tests: a phase with a validated concept note, accompanied
cooperatives with participants, sessions moved through the workflow by services."""

import importlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps

from cooperatives.models import Member
from odco.roles import Role
from prizes.models import Candidacy
from prizes.services import concept_note_save, concept_note_submit, concept_note_validate
from tests.factories import CooperativeFactory, make_user, region
from tests.prizes.factories import make_candidacy, make_edition
from training.models import Attendance, TrainingModule, TrainingSession
from training.services import enrolment_enrol_region, session_schedule, session_transition

CASABLANCA = ZoneInfo("Africa/Casablanca")
NOTE = {
    "priority_axes": "Axes",
    "training_modules": "Les six modules et le pitch",
    "teaching_tools": "Fiches",
    "calendar": "Mai-juin",
    "kit_contents": "Guide, vidéos, certificat",
}


def modules() -> list[TrainingModule]:
    if not TrainingModule.objects.exists():  # transactional tests flush the data migration's rows
        importlib.import_module("training.migrations.0002_load_modules").load(apps, None)
    return list(TrainingModule.objects.order_by("position"))


def _user(role: str, email: str):
    from odco.accounts.models import User

    existing = User.objects.filter(email=email).first()
    return existing or make_user(role, email=email)


def staff():
    return _user(Role.STAFF, "training-staff@test.odco.ma")


def coordinator():
    return _user(Role.COORDINATOR, "training-coordinator@test.odco.ma")


def validated_phase(year: int = 2025, *, validate: bool = True):
    phase = make_edition(year=year).phase
    concept_note_save(actor=coordinator(), phase=phase, **NOTE)
    if validate:
        concept_note_submit(actor=coordinator(), phase=phase)
        concept_note_validate(actor=staff(), phase=phase)
    return phase


def accompanied(phase, *, region_code: str = "09", participants: int = 2, cooperative=None, status=None):
    """An accompanied candidacy of the phase's edition with `participants` people."""
    cooperative = cooperative or CooperativeFactory(region=region(region_code))
    make_candidacy(phase.edition, status=status or Candidacy.Status.ACCOMPANIED, cooperative=cooperative)
    base = Member.objects.count()
    for i in range(participants):
        Member.objects.create(
            cooperative=cooperative,
            kind=Member.Kind.PARTICIPANT,
            first_name=f"Participante{base + i}",
            last_name="Ait Ali",
            gender="f",
            phone=f"+2126{(base + i) % 100_000_000:08d}",
        )
    return cooperative


def at(day: int, hour: int = 9, month: int = 5, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=CASABLANCA)


def make_session(
    phase, *, region_code: str = "09", day: int = 5, status: str = "planned", trainers=(), enrol=False
):
    """A session of the phase, moved to `status` through the workflow."""
    session = session_schedule(
        actor=coordinator(),
        phase=phase,
        region=region(region_code),
        modules=modules()[:2],
        starts_at=at(day, 9),
        ends_at=at(day, 17),
        venue="Chambre de commerce, Agadir",
        trainers=list(trainers),
        capacity=30,
    )
    if enrol:
        enrolment_enrol_region(actor=coordinator(), session=session)
    path = {
        "planned": [],
        "open": ["open"],
        "held": ["open", "hold"],
        "closed": ["open", "hold", "close"],
        "cancelled": ["cancel_planned"],
    }[status]
    for name in path:
        session = session_transition(actor=coordinator(), session=session, name=name, comment="Raison")
    return TrainingSession.objects.get(pk=session.pk)


def mark(session, status_by_participant: dict):
    """Attendance straight into the table (tests of the rule, not of the roll call)."""
    from django.utils import timezone

    for enrolment in session.enrolments.all():
        status = status_by_participant.get(enrolment.participant_id)
        if status:
            Attendance.objects.update_or_create(
                enrolment=enrolment, defaults={"status": status, "recorded_at": timezone.now()}
            )


def hours(n: int) -> timedelta:
    return timedelta(hours=n)
