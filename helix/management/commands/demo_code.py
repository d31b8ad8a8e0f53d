from django.core.management.base import BaseCommand, CommandError

from helix.demo import DEMO_TOTP_SECRET, USERS, demo_second_factor


class Command(BaseCommand):
    help = (
        "Print the second-factor code a demo staff account's authenticator app shows now, "
        "and its unused recovery codes (demo accounts only)."
    )

    def add_arguments(self, parser):
        staff = [spec.email for spec in USERS if spec.staff or spec.superuser]
        parser.add_argument(
            "email", nargs="?", default="officer@helix.local", help=" or ".join(staff)
        )

    def handle(self, *args, email: str, **options):
        found = demo_second_factor(email)
        if found is None:
            raise CommandError(
                f"{email} is not a demo staff account (was `manage.py load_demo` run?)"
            )
        code, recovery_codes = found
        self.stdout.write(f"Code now for {email} (valid about 30 s): {code}")
        self.stdout.write(f"Secret for an authenticator app: {DEMO_TOTP_SECRET}")
        self.stdout.write(f"Unused recovery codes: {' '.join(recovery_codes)}")
