from django.contrib import admin
from django.urls import include, path

from . import views

handler403 = "odco.views.error_403"
handler404 = "odco.views.error_404"
handler500 = "odco.views.error_500"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("jobs/", include("odco.jobs.urls")),
    path("notifications/", include("odco.notifications.urls")),
    path("invitations/", include("odco.accounts.urls")),
    path("cooperatives/", include("cooperatives.urls")),
    path("prizes/", include("prizes.urls")),
    path("training/", include("training.urls")),
    path("", include("training.public_urls")),
    path("coaching/", include("coaching.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("committee/", include("monitoring.urls_committee")),
    path("me/project/", include("coaching.urls_projects")),
    path("laureats/", include("prizes.showcase_urls")),
    path("", include("monitoring.urls")),
]
