from django.urls import path

from .views import calendar, modules, phases, public, sessions

app_name = "training"
urlpatterns = [
    path("", sessions.session_list, name="session_list"),
    path("month/", calendar.session_month, name="session_month"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/steps/<slug:name>/", sessions.session_step, name="session_step"),
    path("sessions/<int:pk>/enrol/", sessions.session_enrol, name="session_enrol"),
    path("sessions/<int:pk>/roll-call/", sessions.roll_call, name="roll_call"),
    path("sessions/<int:pk>/evaluations/", sessions.evaluations, name="evaluations"),
    path("sessions/<int:pk>/check-in-code/", sessions.checkin_display, name="checkin_display"),
    path("sessions/<int:pk>/check-in-code/live/", sessions.checkin_code, name="checkin_code"),
    path("sessions/<int:pk>/session.ics", sessions.session_calendar_file, name="session_ics"),
    path("check-in/<int:pk>/", public.check_in, name="check_in"),
    path("my-sessions/", sessions.my_sessions, name="my_sessions"),
    path("calendar/", modules.calendar_page, name="calendar"),
    path("feed/<str:token>.ics", public.calendar_feed, name="feed"),
    path("modules/", modules.module_list, name="module_list"),
    path("modules/new/", modules.module_form, name="module_create"),
    path("modules/<int:pk>/edit/", modules.module_form, name="module_edit"),
    path("phases/<int:pk>/coverage/", phases.coverage, name="coverage"),
    path("phases/<int:pk>/close/", phases.phase_close, name="phase_close"),
    path("phases/<int:pk>/kit/", phases.kit, name="kit"),
    path("kit/<int:pk>/remove/", phases.kit_item_remove_view, name="kit_item_remove"),
    path("kit/<int:pk>/deliver/", phases.kit_deliver_view, name="kit_deliver"),
    path("kit/<int:pk>/deliveries/", phases.kit_deliveries, name="kit_deliveries"),
    path("kit/<int:pk>/download/", phases.kit_item_download, name="kit_item_download"),
    path("phases/<int:pk>/certificates/", phases.certificates, name="certificates"),
    path("phases/<int:pk>/certificates/batch/", phases.certificates_batch, name="certificates_batch"),
    path("phases/<int:pk>/certificates.zip", phases.certificates_zip_view, name="certificates_zip"),
    path("phases/<int:pk>/rule/", phases.phase_rule, name="phase_rule"),
    path("certificates/<int:pk>.pdf", phases.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", phases.certificate_revoke_view, name="certificate_revoke"),
]
