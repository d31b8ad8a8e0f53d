from django.conf import settings


def site_url(path: str) -> str:
    """The absolute URL of a path on this site (for emails and webhooks, which have no request)."""
    return settings.HELIX_SITE_URL.rstrip("/") + path
