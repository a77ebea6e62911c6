from django import template

from ..charts import fmt

register = template.Library()


@register.filter
def figure_number(value):
    """A figure's cell: numbers grouped and rounded, text as it is, '—' for nothing."""
    if value is None or isinstance(value, int | float) or hasattr(value, "quantize"):
        return fmt(value)
    return value


@register.inclusion_tag("monitoring/_my_reports_list.html", takes_context=True)
def my_reports(context):
    """The cooperative's latest reports, for the "My reports" card of /me/."""
    from ..selectors import cooperative_reports

    cooperative = context.get("cooperative")
    reports = cooperative_reports(cooperative_id=cooperative.pk) if cooperative is not None else []
    return {"reports": reports, "cooperative": cooperative}
