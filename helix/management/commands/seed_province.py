import time

from django.core.management.base import BaseCommand
from django.db import connection

from helix.seeding import Scale, Stages
from helix.seeding import seed as seed_database


class Command(BaseCommand):
    help = "Seed an empty database with the benchmark's province-scale dataset (fixed seed)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Times the province: 10 for 100,000 projects, 0.01 for a quick check.",
        )
        parser.add_argument(
            "--fraction", type=float, dest="scale", help="The same as --scale (kept for scripts)."
        )

    def handle(self, *args, seed: int, scale: float, **options):
        stages = Stages()
        started = time.perf_counter()
        made = seed_database(scale=Scale.times(scale), random_seed=seed, stages=stages)
        if connection.vendor == "postgresql":
            # As after any bulk load: statistics for the planner, and the visibility map and hint
            # bits that autovacuum would set later (it is off on some servers).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            stages.lap("VACUUM ANALYZE")
        seconds = time.perf_counter() - started
        rows = ", ".join(f"{n:,} {name}" for name, n in made.items())
        self.stdout.write(f"Seeded {rows} in {seconds:.1f} s")
        laps = "; ".join(
            f"{name} {wall:.1f} s (CPU {cpu:.1f} s)" for name, (wall, cpu) in stages.items()
        )
        self.stdout.write(f"Stages: {laps}")
