"""The committee's demo data: partners from the reference list, a chaired committee, past
meetings with minutes, open and closed actions, regional notes and two monthly reports;
the same seed twice changes nothing."""

from datetime import date

import time_machine

from monitoring.models import (
    ActionItem,
    CommitteeMember,
    Decision,
    Meeting,
    MonthlyReport,
    Partner,
    RegionalNote,
    SteeringCommittee,
)
from monitoring.seed_committee import seed_committee
from odco.seed import seed_core
from odco.seeding import SeedContext, seeders


def _counts():
    return tuple(
        m.objects.count()
        for m in (
            Partner,
            SteeringCommittee,
            CommitteeMember,
            Meeting,
            Decision,
            ActionItem,
            RegionalNote,
            MonthlyReport,
        )
    )


def test_seeder_is_registered_after_the_follow_up():
    assert ("committee", 85) in [(name, order) for order, name, _f in seeders()]


@time_machine.travel("2026-11-20 10:00 +01:00", tick=False)
def test_demo_committee_idempotent(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ctx = SeedContext(scale="demo", seed=1)
    seed_core(ctx)
    seed_committee(ctx)
    counts = _counts()

    assert Partner.objects.filter(published=True).count() == 16
    assert Partner.objects.get(name="Fondation OCP").kind == Partner.Kind.FUNDER
    chair = CommitteeMember.objects.get(is_chair=True)
    assert chair.user.email == "committee@demo.odco.ma"
    assert set(CommitteeMember.objects.values_list("kind", flat=True)) == {"odco", "delegation", "partner"}
    statuses = list(Meeting.objects.order_by("starts_at").values_list("status", flat=True))
    # July to October validated, November (3 Nov) held awaiting the chair, December planned.
    assert statuses == ["validated", "validated", "validated", "validated", "held", "planned"]
    assert set(ActionItem.objects.values_list("status", flat=True)) == {"done", "open", "in_progress"}
    assert list(MonthlyReport.objects.order_by("month").values_list("month", flat=True)) == [
        date(2026, 9, 1),
        date(2026, 10, 1),
    ]
    assert RegionalNote.objects.filter(month=date(2026, 10, 1)).count() == 8
    generated = list(MonthlyReport.objects.values_list("generated_at", flat=True))

    seed_committee(ctx)
    assert _counts() == counts
    assert list(MonthlyReport.objects.values_list("generated_at", flat=True)) == generated
