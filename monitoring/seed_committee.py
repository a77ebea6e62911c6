"""Demo data of the steering committee: partners (from `data/partners.csv`, the partners
named in recent editions), the committee and its members (the demo committee login of seed 1
chairs it), four past monthly meetings with minutes, decisions and actions (open and
closed), the next meeting, regional notes and the last two monthly reports.

Idempotent per seed: rows are found by natural keys (partner name, meeting title, region
and month, report month) and left alone when they exist.
"""

import csv
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from odco.seeding import SeedContext

PARTNERS_CSV = Path(__file__).parent / "data" / "partners.csv"
COMMITTEE_NAME = "Comité de pilotage du programme d'accompagnement"
MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
CASABLANCA = ZoneInfo("Africa/Casablanca")
PAST_MEETINGS = 4
NOTE_REGIONS = ("01", "02", "04", "06", "07", "09", "10", "11")
NOTES = (
    "Sessions de formation tenues comme prévu ; forte participation des coopératives féminines.",
    "Deux coopératives lauréates ont signé un contrat avec une grande surface régionale.",
    "Retard de remise des rapports trimestriels pour trois coopératives : relances en cours.",
    "Le coaching individuel avance ; les simulations de pitch montrent une nette progression.",
)
DECISIONS = (
    "Valider le calendrier des sessions régionales du mois suivant.",
    "Demander au prestataire un point d'étape sur le coaching dans les régions du Sud.",
    "Associer les banques partenaires à la prochaine réunion pour présenter leurs offres.",
)
ACTIONS = (
    "Transmettre aux délégations la liste des coopératives sans rapport trimestriel",
    "Préparer la note sur les offres de financement des banques partenaires",
    "Organiser une visite de terrain dans la région Souss-Massa",
    "Mettre à jour le tableau de bord des indicateurs cibles",
)


def load_partners() -> list:
    from .models import Partner

    partners = []
    with PARTNERS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            partner, _created = Partner.objects.get_or_create(
                name=row["name"],
                defaults={
                    "name_ar": row["name_ar"],
                    "kind": row["kind"],
                    "role": row["role"],
                    "published": True,
                },
            )
            partners.append(partner)
    return partners


def _month_add(day, months: int):
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


def _meeting_start(month) -> datetime:
    """The first Tuesday of `month`, 10:00 in Casablanca."""
    first = month.replace(day=1)
    tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
    return datetime.combine(tuesday, time(10), tzinfo=CASABLANCA)


def seed_committee(ctx: SeedContext) -> None:
    from django.contrib.auth import get_user_model

    from odco.accounts.services import RoleSpec
    from odco.regions.models import Region
    from odco.roles import Role
    from odco.seed import demo_email, ensure_user

    from .models import CommitteeMember, MonthlyReport, SteeringCommittee

    User = get_user_model()
    with transaction.atomic():
        partners = {p.name: p for p in load_partners()}
        committee, _c = SteeringCommittee.objects.get_or_create(
            name=COMMITTEE_NAME,
            defaults={
                "description": "Présidé par le chef de la Division du partenariat et de la coordination "
                "de l'ODCO."
            },
        )
        chair_user = User.objects.filter(email=demo_email(ctx, Role.COMMITTEE)).first()
        staff_user = User.objects.filter(email=demo_email(ctx, Role.STAFF)).first()
        delegation = User.objects.filter(email=demo_email(ctx, "delegation.09")).first()
        partner_user = ensure_user(
            ctx,
            local="committee.partner",
            role=Role.COMMITTEE,
            spec=RoleSpec(role=Role.COMMITTEE),
            names=("Rachid", "Fassi"),
        )
        has_chair = CommitteeMember.objects.filter(committee=committee, is_chair=True, active=True).exists()
        specs = [
            (chair_user, CommitteeMember.Kind.ODCO, "Chef de la Division du partenariat", None, None),
            (staff_user, CommitteeMember.Kind.ODCO, "Responsable du programme", None, None),
            (delegation, CommitteeMember.Kind.DELEGATION, "Délégué régional", None, "09"),
            (partner_user, CommitteeMember.Kind.PARTNER, "Représentant", "Fondation OCP", None),
        ]  # fmt: skip
        regions = {r.code: r for r in Region.objects.all()}
        for user, kind, title, partner, region in specs:
            if user is None:
                continue
            is_chair = user == chair_user and not has_chair
            CommitteeMember.objects.get_or_create(
                committee=committee,
                user=user,
                defaults={
                    "kind": kind,
                    "title": title,
                    "partner": partners.get(partner) if partner else None,
                    "region": regions.get(region) if region else None,
                    "is_chair": is_chair,
                },
            )
            has_chair = has_chair or is_chair
        meetings = _seed_meetings(
            ctx, committee, chair_user or staff_user, [chair_user, staff_user, delegation]
        )
        _seed_notes(ctx, regions, delegation)
    today = timezone.localdate()
    from .services.committee_report import monthly_report_generate, previous_month

    made = 0
    for month in (_month_add(previous_month(today), -1), previous_month(today)):
        if not MonthlyReport.objects.filter(month=month).exists():
            monthly_report_generate(month=month)
            made += 1
    ctx.log(
        f"committee: {len(partners)} partners, {meetings} meetings added, {made} monthly reports generated"
    )


def _seed_meetings(ctx, committee, chair, owners) -> int:
    from .models import ActionItem, CommitteeMember, Decision, Meeting, MeetingAttendance

    owners = [o for o in owners if o is not None]
    today = timezone.localdate()
    this_month = today.replace(day=1)
    members = list(CommitteeMember.objects.filter(committee=committee, active=True))
    now = timezone.now()
    months = [(offset, _month_add(this_month, offset)) for offset in range(-PAST_MEETINGS, 2)]
    last_past = max(offset for offset, month in months if _meeting_start(month) < now)
    added = 0
    for offset, month in months:
        starts = _meeting_start(month)
        title = ctx.tag(f"Réunion mensuelle · {MONTHS_FR[month.month - 1]} {month.year}")
        if Meeting.objects.filter(committee=committee, title=title).exists():
            continue
        past = starts < timezone.now()
        latest_past = (
            past and offset == 0 or (past and _meeting_start(_month_add(month, 1)) >= timezone.now())
        )
        status = Meeting.Status.PLANNED
        if past:
            status = Meeting.Status.HELD if latest_past else Meeting.Status.VALIDATED
        meeting = Meeting.objects.create(
            committee=committee,
            title=title,
            starts_at=starts,
            location="Siège de l'ODCO, Rabat",
            agenda="1. Suivi des actions\n2. Tableau de bord du mois\n3. Notes régionales\n4. Divers",
            minutes=(
                "Le comité a passé en revue le tableau de bord et les notes régionales. "
                "Les décisions et actions ci-dessous ont été arrêtées."
            )
            if past
            else "",
            status=status,
            validated_by=chair if status == Meeting.Status.VALIDATED else None,
            validated_at=starts + timedelta(days=3) if status == Meeting.Status.VALIDATED else None,
        )
        added += 1
        MeetingAttendance.objects.bulk_create(
            [
                MeetingAttendance(meeting=meeting, member=m, present=past and i % 4 != 3)
                for i, m in enumerate(members)
            ]
        )
        if not past:
            continue
        n = (month.month + ctx.seed) % len(DECISIONS)
        Decision.objects.create(meeting=meeting, text=DECISIONS[n])
        for k in range(2):
            title_k = ACTIONS[(n + k) % len(ACTIONS)]
            # The older meetings' first actions are done; the others stay open and follow.
            closed = offset <= last_past - 2 or (offset == last_past - 1 and k == 0)
            ActionItem.objects.create(
                meeting=meeting,
                title=title_k,
                owner=owners[(n + k) % len(owners)] if owners else None,
                due_on=(starts + timedelta(days=21 + 7 * k)).date(),
                status=ActionItem.Status.DONE
                if closed
                else ActionItem.Status.OPEN
                if k
                else ActionItem.Status.IN_PROGRESS,
                closed_at=starts + timedelta(days=20) if closed else None,
            )
    return added


def _seed_notes(ctx, regions, author) -> None:
    from .models import RegionalNote

    today = timezone.localdate()
    for month in (
        _month_add(today.replace(day=1), -2),
        _month_add(today.replace(day=1), -1),
        today.replace(day=1),
    ):
        for i, code in enumerate(NOTE_REGIONS):
            region = regions.get(code)
            if region is None:
                continue
            RegionalNote.objects.get_or_create(
                region=region,
                month=month,
                defaults={
                    "text": NOTES[(i + month.month) % len(NOTES)],
                    "author": author if code == "09" else None,
                },
            )
