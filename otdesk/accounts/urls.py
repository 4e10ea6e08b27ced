from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import invitations, people, security

app_name = "accounts"

PASSWORD_CHANGE = auth_views.PasswordChangeView.as_view(
    template_name="registration/password_change.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
PASSWORD_CHANGE_DONE = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_change_done_page.html"
)
PASSWORD_RESET = auth_views.PasswordResetView.as_view(
    template_name="registration/password_reset.html",
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_sent"),
)
PASSWORD_RESET_SENT = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_sent.html"
)
PASSWORD_RESET_CONFIRM = auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
PASSWORD_RESET_COMPLETE = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)

urlpatterns = [
    path("account/", security.account, name="account"),
    path("account/password/", PASSWORD_CHANGE, name="password_change"),
    path("account/password/changed/", PASSWORD_CHANGE_DONE, name="password_change_done"),
    path("account/two-factor/", security.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/verify/", security.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/recovery-codes/", security.recovery_codes, name="recovery_codes"),
    path("account/two-factor/off/", security.two_factor_off, name="two_factor_off"),
    path("password-reset/", PASSWORD_RESET, name="password_reset"),
    path("password-reset/sent/", PASSWORD_RESET_SENT, name="password_reset_sent"),
    path("password-reset/<uidb64>/<token>/", PASSWORD_RESET_CONFIRM, name="password_reset_confirm"),
    path("password-reset/done/", PASSWORD_RESET_COMPLETE, name="password_reset_complete"),
    path("invite/<str:token>/", invitations.accept, name="accept"),
    path("invitations/<int:pk>/resend/", invitations.resend, name="invitation_resend"),
    path("invitations/<int:pk>/cancel/", invitations.cancel, name="invitation_cancel"),
    path("students/<int:pk>/invite-guardian/", invitations.invite_guardian, name="invite_guardian"),
    path("district/people/", people.people, name="people"),
    path("district/people/invite/", people.invite_staff, name="invite_staff"),
    path("district/people/invite-roster/", people.invite_roster, name="invite_roster"),
    path("district/people/<int:pk>/deactivate/", people.deactivate, name="deactivate"),
    path("district/people/<int:pk>/reactivate/", people.reactivate, name="reactivate"),
]
