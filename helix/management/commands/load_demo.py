from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from helix.demo import (
    DEMO_API_KEY,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    RESIDENTS,
    load_demo,
    spread_notifications,
)
from opendata.services import open_data_build


class Command(BaseCommand):
    help = "Load the demo organisations, people and projects (safe to run again)."

    def handle(self, *args, **options):
        # The demo addresses are not real: tell nobody about the verifications it makes.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            users = load_demo()
        spread_notifications()  # after load_demo's commit, which made the notifications
        # The open-data files of the demo, as the nightly build would make them (/open-data/).
        open_data_build()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with any of these:"))
        width = max(len(user.email) for user in users)
        for user in users:
            self.stdout.write(f"  {user.email:<{width}}  {user.what}")
        self.stdout.write(
            f"  {RESIDENTS[0].email} … {RESIDENTS[-1].email}: citizens who comment and support"
        )
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(
            f"Second factor of officer@ and admin@ (the staff desk requires one): the code "
            f"`python manage.py demo_code officer@helix.local` prints, or add the secret "
            f"{DEMO_TOTP_SECRET} to an authenticator app"
        )
        self.stdout.write(
            f"API key (read-write) of the Department of Information and Communications, for "
            f"partner-system trials: {DEMO_API_KEY}"
        )
        self.stdout.write(
            "Site: http://127.0.0.1:8000/   Staff desk: http://127.0.0.1:8000/admin/   "
            "API: http://127.0.0.1:8000/api/docs/   Open data: http://127.0.0.1:8000/open-data/"
        )
