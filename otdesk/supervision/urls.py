from django.urls import path

from . import district_views, views

app_name = "supervision"

urlpatterns = [
    path("supervision/", views.home, name="home"),
    path("supervision/district/", district_views.district, name="district"),
    path("supervision/district/assign/", district_views.assign, name="assign"),
    path("supervision/<int:pk>/", views.supervision_detail, name="detail"),
    path("supervision/<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("supervision/<int:pk>/end/", district_views.end, name="end"),
    path("supervision/notes/<int:pk>/", views.note_review, name="note"),
    path("supervision/notes/<int:pk>/send-again/", views.note_resubmit, name="resubmit"),
]
