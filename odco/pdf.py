"""Render a Django template to PDF with WeasyPrint.

Print templates extend `pdf/base.html`, which selects a font that shapes Arabic (Amiri,
then DejaVu Sans). Batch work passes several pages to one template and renders them in one
pass instead of one document at a time.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict | None = None, *, language: str | None = None) -> bytes:
    from weasyprint import HTML  # imported lazily: heavy, and only PDF work needs it

    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context or {})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
