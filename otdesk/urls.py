from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from otdesk.api.urls import api_urls
from otdesk.core import views as core_views
from otdesk.sso import views as sso_views
from otdesk.students import views as student_views

admin.site.site_header = "OT Desk administration"
admin.site.site_title = "OT Desk admin"

urlpatterns = [
    path("", student_views.home, name="home"),
    # The sign-in page, with "Sign in with your district account" where a district has it.
    path("login/", sso_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("otdesk.accounts.urls")),
    path("", include("otdesk.sso.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("more/", core_views.more, name="more"),
    path("favicon.ico", RedirectView.as_view(url=static("otdesk/favicon.ico"), permanent=True)),
    path("admin/", admin.site.urls),
    path("", include("otdesk.students.urls")),
    path("", include("otdesk.activities.urls")),
    path("", include("otdesk.delivery.urls")),
    path("", include("otdesk.programs.urls")),
    path("", include("otdesk.workload.urls")),
    path("", include("otdesk.scheduling.urls")),
    path("", include("otdesk.supervision.urls")),
    path("", include("otdesk.district.urls")),
    path("", include("otdesk.teamwork.urls")),
    path("", include("otdesk.family.urls")),
    path("", include("otdesk.accesslog.urls")),
    path("", include("otdesk.jobs.urls")),
    path("", include("otdesk.progress.urls")),
    path("", include("otdesk.fidelity.urls")),
    path("", include("otdesk.evaluations.urls")),
    path("", include("otdesk.billing.urls")),
    path("", include("otdesk.assessments.urls")),
    path("", include("otdesk.roster.urls")),
    path("", include("otdesk.retention.urls")),
    path("api/v1/", api_urls),
    path("", include("otdesk.api.urls")),
]

handler400 = "otdesk.core.views.bad_request"
handler403 = "otdesk.core.views.permission_denied"
handler404 = "otdesk.core.views.page_not_found"
handler500 = "otdesk.core.views.server_error"
