from django import template

from odco.audit.selectors import audit_for_object

register = template.Library()


@register.inclusion_tag("odco/_audit_trail.html")
def audit_trail(obj, limit=50):
    """The audit entries of one object, newest first (shown on object pages)."""
    return {"entries": list(audit_for_object(obj, limit=limit))}


@register.simple_tag(takes_context=True)
def url_replace(context, **kwargs):
    """The current query string with some parameters replaced (pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def text_dir(value) -> str:
    """ "rtl" or "ltr": the direction of `value`'s first strong character, as HTML's dir="auto"
    decides it. PDF templates write it out (`dir="{{ text|text_dir }}"`, or on a `<bdi>`
    around typed text inside a sentence) because WeasyPrint does not implement dir="auto":
    a French sentence in an Arabic page then keeps its final full stop on its right."""
    import unicodedata

    for ch in str(value or ""):
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
