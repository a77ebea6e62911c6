"""Factories for the mentoring tests: laureates, mentors and mentorships in a given state."""

from cooperatives.models import Sector
from mentoring.models import Mentor, Mentorship, Need, NeedsProfile
from odco.regions.models import Province
from prizes.models import Candidacy
from tests.factories import CooperativeFactory, region
from tests.prizes.factories import make_candidacy, make_edition


def edition_2024():
    from prizes.models import Edition

    return Edition.objects.filter(year=2024).first() or make_edition(year=2024)


def make_laureate(*, cooperative=None, region_code="09", province=None, sector="argan", edition=None, **kw):
    if cooperative is None:
        cooperative = CooperativeFactory(
            region=region(region_code),
            province=Province.objects.get(name_fr=province) if province else None,
            sector=Sector.objects.get(code=sector),
            **kw,
        )
    return make_candidacy(
        edition or edition_2024(), status=Candidacy.Status.LAUREATE, cooperative=cooperative
    )


def make_mentor(
    name="Mentor",
    *,
    regions=("09",),
    provinces=(),
    sectors=(),
    expertise=("finance",),
    languages=("fr", "ar"),
    capacity=3,
    user=None,
    is_available=True,
):
    mentor = Mentor.objects.create(
        name=name,
        expertise=list(expertise),
        languages=list(languages),
        capacity=capacity,
        user=user,
        is_available=is_available,
    )
    mentor.regions.set([region(code) for code in regions])
    mentor.provinces.set(Province.objects.filter(name_fr__in=provinces))
    mentor.sectors.set(Sector.objects.filter(code__in=sectors))
    return mentor


def set_needs(candidacy, needs=(), languages=()):
    profile, _ = NeedsProfile.objects.get_or_create(candidacy=candidacy)
    profile.languages = list(languages)
    profile.save()
    profile.needs.all().delete()
    Need.objects.bulk_create(Need(profile=profile, area=a, priority=p) for a, p in needs)
    return profile


def mentorship(candidacy, mentor, status=Mentorship.Status.PROPOSED, **kw) -> Mentorship:
    return Mentorship.objects.create(candidacy=candidacy, mentor=mentor, status=status, **kw)
