from django.core.management.base import BaseCommand

from otdesk.scheduling.services.runs import run_pending


class Command(BaseCommand):
    help = (
        "Make the district plans still waiting (e.g. after a server restart stopped a run), "
        "two at a time, and wait for them."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = run_pending()
        if count:
            self.stdout.write(f"Made {count} waiting plan{'s' if count != 1 else ''}.")
        else:
            self.stdout.write("No plans were waiting.")
