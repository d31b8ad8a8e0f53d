"""Where files that are not public live: the "private" storage (settings.STORAGES), which has no
URL at all. They are served only through a view that asks the permission first.

On one machine it is a folder outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT); in production STORAGES
may name another backend for the alias, such as django-storages' S3 storage on a private bucket.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk under PRIVATE_MEDIA_ROOT, never under a public URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", None)
        super().__init__(**kwargs)
        setting_changed.connect(self._forget_location)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _forget_location(self, *, setting, **kwargs) -> None:
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("A private file has no URL: serve it through a permission-checked view.")


def private_storage():
    """The storage of the files that are not public (a callable, so migrations do not record
    the backend)."""
    return storages["private"]
