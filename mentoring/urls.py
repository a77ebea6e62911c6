from django.urls import path

from .views import coordination, mentorships

app_name = "mentoring"
urlpatterns = [
    path("", mentorships.space, name="space"),
    path("mentors/", coordination.directory, name="directory"),
    path("mentors/new/", coordination.mentor_new, name="mentor_new"),
    path("mentors/<int:pk>/", coordination.mentor_detail, name="mentor_detail"),
    path("mentors/<int:pk>/edit/", coordination.mentor_edit, name="mentor_edit"),
    path("laureates/<int:pk>/", coordination.match, name="match"),
    path("laureates/<int:pk>/needs/", coordination.needs, name="needs"),
    path("cohort/", coordination.cohort, name="cohort"),
    path("regions/<str:code>/", coordination.region, name="region"),
    path("mentorships/<int:pk>/", mentorships.detail, name="mentorship"),
    path("mentorships/<int:pk>/step/", mentorships.transition, name="transition"),
    path("mentorships/<int:pk>/objectives/", mentorships.objective_new, name="objective_new"),
    path("mentorships/<int:pk>/meetings/new/", mentorships.meeting_new, name="meeting_new"),
    path("mentorships/<int:pk>/evaluation/", mentorships.evaluation_new, name="evaluation_new"),
]
