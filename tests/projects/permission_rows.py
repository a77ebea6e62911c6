"""Permission rows for the project pages and the public showcase (see tests/permission_table.py).

The world's cooperative user owns `coop_in` (region 09); the world's coach is assigned to it.
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from coaching.models import PitchDeck
from prizes.models import CooperativePhoto, PublicProfile
from tests.permission_table import ALL_ROLES, register

from .factories import coach_for, make_laureate

OWNER = ("cooperative",)
NOT_OWNER = {"staff": 404}  # staff hold the page permission but have no cooperative of their own
READERS = ("staff", "committee", "coordinator", "delegation", "coach")


def _photo(w, cooperative=None):
    photo = CooperativePhoto(
        cooperative=cooperative or w.coop_in, width=1, height=1, size=3, original_name="p.jpg"
    )
    photo.image.save("p.jpg", ContentFile(b"\xff\xd8\xff"), save=False)
    photo.save()
    return photo


def _profile(w, status="draft", online=False):
    make_laureate(cooperative=w.coop_in)
    photo = _photo(w)
    profile = PublicProfile.objects.create(
        cooperative=w.coop_in, slug=f"coop-{w.coop_in.pk}", status=status, summary_fr="Huile d'argan"
    )
    profile.photos.set([photo])
    if online:
        profile.published = {"summary_fr": "Huile d'argan", "photo_ids": [photo.pk]}
        profile.save()
    return profile


def _coached(w, inside=True):
    cooperative = w.coop_in if inside else w.coop_out
    coach_for(cooperative, user=w.users["coach"] if inside else None)
    return cooperative


def _deck(w):
    _coached(w)
    deck = PitchDeck(cooperative=w.coop_in, number=1, status=PitchDeck.Status.READY)
    deck.file.save("deck.pdf", ContentFile(b"%PDF-1.4"), save=False)
    deck.save()
    return deck


def _deck_out(w):
    _coached(w, inside=False)
    deck = PitchDeck(cooperative=w.coop_out, number=1, status=PitchDeck.Status.READY)
    deck.file.save("deck.pdf", ContentFile(b"%PDF-1.4"), save=False)
    deck.save()
    return deck


for name in ("home", "canvas", "canvas_history", "plan", "photos", "public_page"):
    register(
        f"project {name}",
        f"projects:{name}",
        lambda w, n=name: reverse(f"projects:{n}"),
        ok=OWNER,
        overrides=NOT_OWNER,
    )

register(
    "project deck (no canvas: back to the page)",
    "projects:deck_new",
    lambda w: reverse("projects:deck_new"),
    method="post",
    data=lambda w: {},
    ok=OWNER,
    ok_status=302,
    overrides=NOT_OWNER,
)
register(
    "project photo delete",
    "projects:photo_delete",
    lambda w: reverse("projects:photo_delete", args=[_photo(w).pk]),
    method="post",
    data=lambda w: {},
    ok=OWNER,
    ok_status=302,
    overrides=NOT_OWNER,
)
register(
    "public page submit",
    "projects:public_page_step",
    lambda w: (_profile(w), reverse("projects:public_page_step", args=["submit"]))[1],
    method="post",
    data=lambda w: {},
    ok=OWNER,
    ok_status=302,
    overrides=NOT_OWNER,
)
for url_name, suffix in (("coaching:project", ""), ("coaching:project_history", "history")):
    register(
        f"coach {url_name}",
        url_name,
        lambda w, u=url_name: reverse(u, args=[_coached(w).pk]),
        ok=READERS,
    )
    register(
        f"coach {url_name} out of scope",
        url_name,
        lambda w, u=url_name: reverse(u, args=[_coached(w, inside=False).pk]),
        ok=READERS,
        overrides={"delegation": 404, "coach": 404},
    )
register(
    "coach comment",
    "coaching:project_comment",
    lambda w: reverse("coaching:project_comment", args=[_coached(w).pk]),
    method="post",
    data=lambda w: {"subject": "plan", "block": "costs", "body": "Bien"},
    ok=("staff", "coordinator", "coach"),
    ok_status=302,
)
register(
    "coach deck (no canvas: back to the page)",
    "coaching:project_deck_new",
    lambda w: reverse("coaching:project_deck_new", args=[_coached(w).pk]),
    method="post",
    data=lambda w: {},
    ok=("staff", "coordinator", "coach"),
    ok_status=302,
)
register(
    "coach comment on another coach's cooperative",
    "coaching:project_comment",
    lambda w: reverse("coaching:project_comment", args=[_coached(w, inside=False).pk]),
    method="post",
    data=lambda w: {"subject": "plan", "block": "costs", "body": "Bien"},
    ok=("staff", "coordinator"),
    ok_status=302,
    overrides={"coach": 404, "delegation": 404},  # another coach's cooperative, in another region
)
register(
    "coach deck for another coach's cooperative",
    "coaching:project_deck_new",
    lambda w: reverse("coaching:project_deck_new", args=[_coached(w, inside=False).pk]),
    method="post",
    data=lambda w: {},
    ok=("staff", "coordinator"),
    ok_status=302,
    overrides={"coach": 404, "delegation": 404},  # another coach's cooperative, in another region
)
register(
    "deck of another region's cooperative",
    "coaching:deck_download",
    lambda w: reverse("coaching:deck_download", args=[_deck_out(w).pk]),
    ok=("staff", "committee", "coordinator"),
    overrides={"delegation": 404, "coach": 404, "cooperative": 404},
)
register(
    "showcase page not approved",
    "showcase:detail",
    lambda w: reverse("showcase:detail", args=[_profile(w, "submitted").slug]),
    overrides=dict.fromkeys((None, *ALL_ROLES), 404),
)
register(
    "deck download",
    "coaching:deck_download",
    lambda w: reverse("coaching:deck_download", args=[_deck(w).pk]),
    ok=(*READERS, "cooperative"),
)
register(
    "private photo",
    "prizes:photo",
    lambda w: reverse("prizes:photo", args=[_photo(w).pk]),
    ok=("staff", "committee", "coordinator", "delegation", "cooperative"),
    overrides={"coach": 404},
)
register(
    "public pages to review",
    "prizes:showcase_review_list",
    lambda w: reverse("prizes:showcase_review_list"),
    ok=("staff", "coordinator"),
)
register(
    "public page review",
    "prizes:showcase_review",
    lambda w: reverse("prizes:showcase_review", args=[_profile(w, "submitted").pk]),
    ok=("staff", "coordinator"),
)
register(
    "public page approve",
    "prizes:showcase_step",
    lambda w: reverse("prizes:showcase_step", args=[_profile(w, "submitted").pk, "approve"]),
    method="post",
    data=lambda w: {"note": ""},
    ok=("staff", "coordinator"),
    ok_status=302,
)
register(
    "public page withdraw",
    "prizes:showcase_withdraw",
    lambda w: reverse("prizes:showcase_withdraw", args=[_profile(w, "approved", online=True).pk]),
    method="post",
    data=lambda w: {},
    ok=("staff", "coordinator"),
    ok_status=302,
)
EVERYONE = dict.fromkeys((None, *ALL_ROLES), 200)
register("showcase", "showcase:list", lambda w: reverse("showcase:list"), overrides=EVERYONE)
register("showcase sitemap", "showcase:sitemap", lambda w: reverse("showcase:sitemap"), overrides=EVERYONE)
register(
    "showcase page",
    "showcase:detail",
    lambda w: reverse("showcase:detail", args=[_profile(w, "approved", online=True).slug]),
    overrides=EVERYONE,
)
register(
    "showcase photo",
    "showcase:photo",
    lambda w: reverse("showcase:photo", args=[_profile(w, "approved", online=True).public_photo_ids[0]]),
    overrides=EVERYONE,
)
register(
    "showcase photo not published",
    "showcase:photo",
    lambda w: reverse("showcase:photo", args=[_photo(w).pk]),
    overrides=dict.fromkeys((None, *ALL_ROLES), 404),
)
