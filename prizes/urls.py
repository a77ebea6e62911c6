from django.urls import path

from .views import candidacies, editions, exports, imports, jury, manage, notes, showcase

app_name = "prizes"
urlpatterns = [
    path("", editions.edition_list, name="edition_list"),
    path("editions/new/", manage.edition_create_view, name="edition_create"),
    path("editions/<int:pk>/", editions.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/edit/", manage.edition_edit_view, name="edition_edit"),
    path("editions/<int:pk>/phase/", manage.phase_edit_view, name="phase_edit"),
    path("editions/<int:pk>/jury/", manage.jury_edit_view, name="jury_edit"),
    path("editions/<int:pk>/ranking/", editions.ranking, name="ranking"),
    path("editions/<int:pk>/results.xlsx", exports.ranking_xlsx_view, name="ranking_xlsx"),
    path("editions/<int:pk>/results.pdf", exports.ranking_pdf_view, name="ranking_pdf"),
    path("editions/<int:pk>/deliberation/", editions.deliberation, name="deliberation"),
    path("timeline/", editions.timeline, name="timeline"),
    path("timeline.pdf", editions.timeline_pdf, name="timeline_pdf"),
    path("candidacies/", candidacies.candidacy_list, name="candidacy_list"),
    path("candidacies/new/", manage.candidacy_create_view, name="candidacy_create"),
    path("candidacies/import/", manage.candidacy_import_view, name="candidacy_import"),
    path(
        "candidacies/import/preview/<uuid:pk>/",
        imports.candidacy_import_preview_view,
        name="candidacy_import_preview",
    ),
    path(
        "candidacies/import/confirm/", manage.candidacy_import_confirm_view, name="candidacy_import_confirm"
    ),
    path("candidacies/export.xlsx", exports.candidacy_export, name="candidacy_export"),
    path("candidacies/<int:pk>/", candidacies.candidacy_detail, name="candidacy_detail"),
    path("candidacies/<int:pk>/steps/<slug:name>/", candidacies.candidacy_step, name="candidacy_step"),
    path("candidacies/<int:pk>/eligibility/", candidacies.candidacy_check, name="candidacy_check"),
    path("candidacies/<int:pk>/override/", candidacies.candidacy_override, name="candidacy_override"),
    path("phases/<int:pk>/concept-note/", notes.concept_note, name="concept_note"),
    path(
        "phases/<int:pk>/concept-note/<slug:action>/", notes.concept_note_action, name="concept_note_action"
    ),
    path("phases/<int:pk>/concept-note.pdf", notes.concept_note_pdf, name="concept_note_pdf"),
    path("jury/", jury.jury_home, name="jury_home"),
    path("jury/candidacies/<int:pk>/", jury.jury_score, name="jury_score"),
    path("jury/candidacies/<int:pk>/conflict/", jury.jury_conflict, name="jury_conflict"),
    path("photos/<int:pk>/", showcase.photo, name="photo"),
    path("showcase/", showcase.review_list, name="showcase_review_list"),
    path("showcase/<int:pk>/", showcase.review, name="showcase_review"),
    path("showcase/<int:pk>/withdraw/", showcase.review_withdraw, name="showcase_withdraw"),
    path("showcase/<int:pk>/<slug:name>/", showcase.review_step, name="showcase_step"),
]
