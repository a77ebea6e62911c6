from django.urls import path

from . import views_committee as views

app_name = "committee"
urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/decisions/", views.decision_create, name="decision_create"),
    path("meetings/<int:pk>/actions/", views.action_create, name="action_create"),
    path("meetings/<int:pk>/step/", views.meeting_step, name="meeting_step"),
    path("meetings/<int:pk>/invitation.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/reply/", views.meeting_reply_view, name="meeting_reply"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("partners/", views.partner_list, name="partners"),
    path("reports/", views.report_list, name="reports"),
    path("reports/generate/", views.report_generate, name="report_generate"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("notes/", views.note_list, name="notes"),
    path("notes/<str:code>/", views.note_edit, name="note_edit"),
]
