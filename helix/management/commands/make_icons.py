from django.conf import settings
from django.core.management.base import BaseCommand

from helix.icons import write_icons


class Command(BaseCommand):
    help = "Draw Helix's favicon and home-screen icons into static/img/ (helix/icons.py)."

    def handle(self, *args, **options):
        for path in write_icons(settings.BASE_DIR / "static" / "img"):
            self.stdout.write(str(path.relative_to(settings.BASE_DIR)))
