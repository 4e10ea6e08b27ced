from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "delivery"

urlpatterns = [
    path("today/", views.week, name="week"),
    path("plan/", views.plan_list, name="plan"),
    path("plan/new/", views.plan_form, name="plan_add"),
    path("plan/<int:pk>/", views.plan_form, name="plan_edit"),
    path("today/<int:pk>/log/", views.quick_log, name="quick_log"),
    path("today/<int:pk>/missed/", views.record_missed, name="missed"),
    path("sessions/new/", views.log_session, name="log"),
    path("sessions/plan/", views.plan_session, name="plan_session"),
    path("sessions/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/note/", views.edit_note, name="note"),
    path("sessions/<int:pk>/sign/", views.sign_session, name="sign"),
    path("sessions/<int:pk>/addendum/", views.add_addendum, name="addendum"),
    path("sessions/<int:pk>/void/", views.void_session, name="void"),
    path("missed/<int:pk>/void/", views.void_missed, name="void_missed"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/new/", views.log_consultation, name="consult_add"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/void/", views.void_consultation, name="consult_void"),
    path("minutes/", views.caseload_compliance, name="compliance"),
    path("district/minutes/", views.district_compliance, name="district_compliance"),
    path("district/policy/", views.makeup_policy, name="policy"),
    path("district/make-up-policy/", RedirectView.as_view(pattern_name="delivery:policy")),
]
