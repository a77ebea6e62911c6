from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping[key]` in a template (empty when missing)."""
    return (mapping or {}).get(key, "")


@register.filter
def safe_svg(svg: str):
    """A QR code SVG produced by `training.checkin.qr_svg` (generated here, never user input)."""
    return mark_safe(svg)  # noqa: S308


@register.filter
def evaluation_cells(enrolment):
    """(label, input name, value) of the three evaluation inputs of an enrolment row."""
    from django.utils.translation import gettext as _

    evaluation = getattr(enrolment, "evaluation", None)
    return [
        (_("Pre-session quiz (/100)"), f"pre-{enrolment.pk}", getattr(evaluation, "pre_score", None)),
        (_("Post-session quiz (/100)"), f"post-{enrolment.pk}", getattr(evaluation, "post_score", None)),
        (_("Satisfaction (1-5)"), f"satisfaction-{enrolment.pk}", getattr(evaluation, "satisfaction", None)),
    ]
