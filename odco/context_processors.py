from django.utils.translation import get_language_bidi

from . import navigation


def platform(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": navigation.items_for(user) if user is not None else [],
        "is_rtl": get_language_bidi(),
    }
