from django.core.management.base import BaseCommand

from notifications.tasks import notifications_send_digests


class Command(BaseCommand):
    help = (
        "Send today's digest emails now (what celery beat does daily at 07:00). "
        "Without a broker the emails leave at once; nothing is sent to people with nothing new."
    )

    def handle(self, *args, **options) -> None:
        count = notifications_send_digests()
        self.stdout.write(f"Digests queued: {count}")
