from django.core.management.base import BaseCommand

from core.recount import recount


class Command(BaseCommand):
    help = (
        "Recount every kept figure registered in core.recount: members, supports by sector,"
        " comments, solutions, followers, resources committed, the insights' tallies."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report drift, change nothing.")

    def handle(self, *args, check: bool = False, **options):
        drift = recount(fix=not check)
        for line in drift:
            self.stdout.write(line)
        verb = "found" if check else "fixed"
        self.stdout.write(self.style.SUCCESS(f"{len(drift)} drifted rows {verb}."))
        if check and drift:
            raise SystemExit(1)
