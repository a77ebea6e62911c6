"""The public showcase of laureates, mounted at `/laureats/` (no login, DESIGN.md §5)."""

from django.urls import path

from .views import showcase

app_name = "showcase"
urlpatterns = [
    path("", showcase.showcase, name="list"),
    path("sitemap.xml", showcase.showcase_sitemap, name="sitemap"),
    path("photos/<int:pk>/", showcase.showcase_photo, name="photo"),
    path("<slug:slug>/", showcase.showcase_detail, name="detail"),
]
