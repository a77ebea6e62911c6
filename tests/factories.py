"""factory_boy factories shared by every test module."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from cooperatives.models import Cooperative, Sector
from odco.accounts.models import RoleAssignment
from odco.regions.models import Region

PASSWORD = "Test-password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.odco.ma")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def region(code: str = "09") -> Region:
    return Region.objects.get(code=code)


def sector(code: str = "argan") -> Sector:
    return Sector.objects.get(code=code)


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    registration_number = factory.Sequence(lambda n: f"T-{n:06d}")
    name_fr = factory.Sequence(lambda n: f"Coopérative Test {n}")
    name_ar = factory.Sequence(lambda n: f"تعاونية اختبار {n}")
    sector = factory.LazyFunction(lambda: sector("argan"))
    region = factory.LazyFunction(lambda: region("09"))
    founded_on = date(2015, 6, 1)
    members_total = 20
    members_women = 12
    members_young = 5


def make_user(*roles: str, region_code: str | None = None, cooperative=None, **kwargs):
    """A user holding `roles` (delegation bound to `region_code`, cooperative to `cooperative`)."""
    user = UserFactory(**kwargs)
    for role in roles:
        RoleAssignment.objects.create(
            user=user,
            role=role,
            region=region(region_code) if role == "delegation" else None,
            cooperative=cooperative if role == "cooperative" else None,
        )
    if "staff" in roles:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.refresh_roles()
    return user
