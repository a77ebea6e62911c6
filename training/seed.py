"""Demo data for regional training: sessions in all 12 regions for the last closed phase of
each prize (held, with attendance, evaluations, kits and issued certificates, including the
featured cooperative's) and for the current phases (held ones in the past, planned and open
ones ahead, one region left without a session to show the coverage gap).

Idempotent per seed: a phase that already has sessions is left as it is; participants are
created once per cooperative (natural key: cooperative, kind, names).
"""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from cooperatives.models import Member
from odco.regions.models import Region
from odco.roles import Role
from odco.seed import demo_email
from odco.seeding import SeedContext, mobile_number
from prizes.models import Candidacy, Edition, Phase

from .models import Attendance, Evaluation, KitItem, TrainingModule, TrainingSession
from .services import (
    attendance_record,
    certificate_batch_issue,
    enrolment_enrol_region,
    evaluation_record,
    kit_deliver,
    kit_item_add,
    session_schedule,
    session_transition,
)
from .services.sessions import ACCOMPANIED_STATES

FIRST = ["Fatima", "Khadija", "Aicha", "Zineb", "Hajar", "Meryem", "Salma", "Youssef", "Hamza", "Imane"]
LAST = ["Ait Ali", "Ouhammou", "Benali", "Amzil", "Bouzid", "El Idrissi", "Tazi", "Berrada"]
# The featured cooperative's two participants (its whole journey is in the demo data).
FEATURED_PEOPLE = [("Fatima", "Ait Ali", "+212661234567"), ("Khadija", "Ouhammou", "+212662345678")]
KIT = [
    ("link", "Guide du financement des coopératives (ODCO)", "https://www.odco.gov.ma/"),
    ("link", "Vidéos : vendre en ligne", "https://www.odco.gov.ma/"),
]


def _user(ctx: SeedContext, role: str):
    return get_user_model().objects.filter(email=demo_email(ctx, role)).first()


def _participants(rng, phase: Phase, featured) -> None:
    """Two participants per accompanied cooperative of the phase's edition (created once)."""
    cooperative_ids = set(
        Candidacy.objects.filter(
            edition_id=phase.edition_id, status__in=ACCOMPANIED_STATES, cooperative__isnull=False
        ).values_list("cooperative_id", flat=True)
    )
    have = set(
        Member.objects.filter(cooperative_id__in=cooperative_ids, kind=Member.Kind.PARTICIPANT).values_list(
            "cooperative_id", flat=True
        )
    )
    new = []
    for cooperative_id in sorted(cooperative_ids - have):
        people = (
            FEATURED_PEOPLE
            if featured is not None and cooperative_id == featured.pk
            else [
                (rng.choice(FIRST), rng.choice(LAST), mobile_number(rng))
                for _ in range(2)
            ]
        )
        new += [
            Member(
                cooperative_id=cooperative_id,
                kind=Member.Kind.PARTICIPANT,
                first_name=first,
                last_name=last,
                gender="f" if first not in ("Youssef", "Hamza") else "m",
                phone=phone,
                role="Participante",
            )
            for first, last, phone in people
        ]
    Member.objects.bulk_create(new)


def _at(day, hour) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _run_phase(ctx, rng, phase: Phase, *, coordinator, trainer, staff, today, skip_region: str = "") -> int:
    """Schedule one session per region (two modules each), moved as far as its date allows."""
    modules = list(TrainingModule.objects.filter(is_active=True).order_by("position"))
    regions = list(Region.objects.order_by("code"))
    count = 0
    for index, region in enumerate(regions):
        if region.code == skip_region:
            continue
        day = phase.starts_on + timedelta(days=2 + (index * 3) % max(phase.duration_days - 3, 1))
        chosen = [modules[index % len(modules)], modules[(index + 3) % len(modules)]]
        session = session_schedule(
            actor=coordinator,
            phase=phase,
            region=region,
            modules=chosen,
            starts_at=_at(day, 9),
            ends_at=_at(day, 17),
            venue=f"Chambre d'agriculture, {region.chef_lieu or region.name_fr}",
            trainers=[trainer],
            capacity=40,
        )
        count += 1
        enrolment_enrol_region(actor=coordinator, session=session, notify=False)
        if day > today + timedelta(days=7):
            continue  # planned
        session = session_transition(actor=coordinator, session=session, name="open", notify=False)
        if day > today:
            continue  # open: enrolment and check-in ahead
        enrolments = list(session.enrolments.order_by("pk"))
        marks = {e.pk: rng.choices(["present", "late", "absent"], weights=[8, 1, 1])[0] for e in enrolments}
        for enrolment in enrolments:
            if (
                enrolment.participant.first_name == FEATURED_PEOPLE[0][0]
                and enrolment.participant.phone == (FEATURED_PEOPLE[0][2])
            ):
                marks[enrolment.pk] = "present"
        attendance_record(actor=trainer, session=session, marks=marks)
        evaluation_record(
            actor=trainer,
            session=session,
            rows={
                e.pk: {
                    "pre_score": rng.randint(30, 65),
                    "post_score": rng.randint(60, 95),
                    "satisfaction": rng.choice([3, 4, 4, 5, 5]),
                }
                for e in enrolments
                if marks[e.pk] != "absent"
            },
        )
        session = session_transition(actor=trainer, session=session, name="hold")
        if day < today - timedelta(days=3):
            session_transition(actor=coordinator, session=session, name="close")
    return count


def _kit(phase: Phase, *, coordinator) -> None:
    if KitItem.objects.filter(phase=phase).exclude(kind=KitItem.Kind.CERTIFICATE).exists():
        return
    guide = ContentFile(
        b"Fiches pratiques : plan de financement, prix de revient, vente en ligne.\n",
        name="fiches.txt",
    )
    items = [kit_item_add(actor=coordinator, phase=phase, kind="file", title="Fiches pratiques", file=guide)]
    items += [
        kit_item_add(actor=coordinator, phase=phase, kind=kind, title=title, url=url, position=i + 2)
        for i, (kind, title, url) in enumerate(KIT)
    ]
    for item in items:
        kit_deliver(actor=coordinator, item=item)


def seed_training(ctx: SeedContext) -> None:
    rng = random.Random(ctx.seed * 104729)
    coordinator, trainer, staff = (_user(ctx, r) for r in (Role.COORDINATOR, Role.TRAINER, Role.STAFF))
    if coordinator is None or trainer is None:
        return
    featured = ctx.shared.get("featured_cooperative")
    today = timezone.localdate()
    phases = []
    for edition in Edition.objects.select_related("phase", "prize").filter(phase__isnull=False):
        phases.append(edition.phase)
    last_closed = {}
    current = []
    for phase in phases:
        if phase.ends_on < today:
            previous = last_closed.get(phase.edition.prize_id)
            if previous is None or previous.starts_on < phase.starts_on:
                last_closed[phase.edition.prize_id] = phase
        elif phase.starts_on <= today + timedelta(days=30):
            current.append(phase)
    sessions = 0
    for phase in [*last_closed.values(), *current]:
        _participants(rng, phase, featured)
        if TrainingSession.objects.filter(phase=phase).exists():
            continue
        skip = "11" if phase in current and phase.edition.prize.code == "generation_solidaire" else ""
        sessions += _run_phase(
            ctx,
            rng,
            phase,
            coordinator=coordinator,
            trainer=trainer,
            staff=staff,
            today=today,
            skip_region=skip,
        )
        _kit(phase, coordinator=coordinator)
        if phase in last_closed.values():
            certificate_batch_issue(actor=coordinator, phase=phase)
    ctx.log(
        f"training: {sessions} new sessions, {Attendance.objects.count()} attendance marks, "
        f"{Evaluation.objects.count()} evaluations"
    )
