"""Public URLs (no login) mounted at the site root: the certificate check of DESIGN.md §5."""

from django.urls import path

from .views.public import certificate_verify

urlpatterns = [
    path("verify/<str:code>/", certificate_verify, name="certificate_verify"),
]
