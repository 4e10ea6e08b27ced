from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "otdesk.students"
    label = "students"
    verbose_name = "Students"
