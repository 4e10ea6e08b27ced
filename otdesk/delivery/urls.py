from django.urls import path
from django.views.generic import RedirectView

from .views import consultations, minutes, missed, session_plans, sessions, today, weekly_plan

app_name = "delivery"

urlpatterns = [
    path("today/", today.week, name="week"),
    path("plan/", weekly_plan.plan_list, name="plan"),
    path("plan/new/", weekly_plan.plan_form, name="plan_add"),
    path("plan/<int:pk>/", weekly_plan.plan_form, name="plan_edit"),
    path("today/<int:pk>/log/", today.quick_log, name="quick_log"),
    path("today/<int:pk>/missed/", missed.record_missed, name="missed"),
    path("sessions/new/", sessions.log_session, name="log"),
    path("sessions/plan/", session_plans.plan_session, name="plan_session"),
    path("sessions/plans/<int:pk>/", session_plans.plan_detail, name="plan_detail"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>/note/", sessions.edit_note, name="note"),
    path("sessions/<int:pk>/sign/", sessions.sign_session, name="sign"),
    path("sessions/<int:pk>/addendum/", sessions.add_addendum, name="addendum"),
    path("sessions/<int:pk>/void/", sessions.void_session, name="void"),
    path("missed/<int:pk>/void/", missed.void_missed, name="void_missed"),
    path("consultations/", consultations.consultations, name="consultations"),
    path("consultations/new/", consultations.log_consultation, name="consult_add"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/void/", consultations.void_consultation, name="consult_void"),
    path("minutes/", minutes.caseload_compliance, name="compliance"),
    path("district/minutes/", minutes.district_compliance, name="district_compliance"),
    path("district/policy/", minutes.makeup_policy, name="policy"),
    path("district/make-up-policy/", RedirectView.as_view(pattern_name="delivery:policy")),
]
