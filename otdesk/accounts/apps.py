from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class AccountsConfig(AppConfig):
    name = "otdesk.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Imported here: the middleware module reads models, which are ready only now.
        from .middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="otdesk-session-clock")
