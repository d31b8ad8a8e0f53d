import time

from django.core.management.base import BaseCommand
from django.db import connection

from helix.seeding import Scale
from helix.seeding import seed as seed_database


class Command(BaseCommand):
    help = "Seed an empty database with the benchmark's province-scale dataset (fixed seed)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="A smaller dataset of the same shape (e.g. 0.01 for a quick check).",
        )

    def handle(self, *args, seed: int, fraction: float, **options):
        full = Scale()
        scale = Scale(**{name: max(1, round(n * fraction)) for name, n in vars(full).items()})
        started = time.perf_counter()
        made = seed_database(scale=scale, random_seed=seed)
        if connection.vendor == "postgresql":
            # As after any bulk load: statistics for the planner, and the visibility map and hint
            # bits that autovacuum would set later (it is off on some servers).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        seconds = time.perf_counter() - started
        rows = ", ".join(f"{n:,} {name}" for name, n in made.items())
        self.stdout.write(f"Seeded {rows} in {seconds:.1f} s")
