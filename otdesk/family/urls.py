from django.urls import path

from . import summary_views, team_views, views

app_name = "family"

urlpatterns = [
    path("family/", views.home, name="home"),
    path("family/<int:pk>/", views.child, name="child"),
    path("family/<int:pk>/request/", views.strategy_request, name="request"),
    path("family/<int:pk>/questions/new/", views.ask, name="ask"),
    path("family/questions/<int:question_id>/", views.question, name="question"),
    path("family/<int:pk>/summary/", summary_views.page, name="summary"),
    path("family/<int:pk>/summary/pdf/", summary_views.pdf, name="summary_pdf"),
    path("family/language/", views.language, name="language"),
    path("family/weekly-email/", views.weekly_email, name="weekly_email"),
    path("terms/<slug:key>/", views.glossary, name="glossary"),
    path("team/questions/", team_views.questions, name="team_questions"),
    path("team/questions/<int:question_id>/", team_views.question, name="team_question"),
]
