import resource
import time

from django.core.management.base import BaseCommand

from opendata.services import open_data_build


class Command(BaseCommand):
    help = "Build the open-data files now (what the nightly task does), and print time and memory."

    def handle(self, *args, **options):
        started = time.perf_counter()
        files = open_data_build()
        elapsed = time.perf_counter() - started
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for file in files:
            rows = "" if file.rows is None else f"{file.rows} rows, "
            self.stdout.write(f"{file.filename}: {rows}{file.size:,} bytes")
        self.stdout.write(f"Built in {elapsed:.1f} s; peak memory (RSS) {peak_mib:.0f} MiB")
