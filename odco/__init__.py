"""ODCO platform core: settings, users and roles, scoping, audit, PDFs and long jobs."""

from .celery import app as celery_app

__all__ = ["celery_app"]
