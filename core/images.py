"""Uploaded pictures: stored without their metadata, with a thumbnail made by a task.

A model with a picture has three fields: the picture (`cover`), its text alternative
(`cover_alt`) and its thumbnail (`cover_thumbnail`, not editable). The services hand an upload
to `image_assign`, which checks it and re-encodes it without EXIF, XMP or comments (a phone's
photo carries where and when it was taken; core.uploads, shared with documents) and forgets
the old thumbnail;
after the commit a task calls `thumbnail_refresh`, which writes the thumbnail once and stores its
name on the row, so that a card reads both addresses from the row it already has: no query,
no look-up in a thumbnail table, no file-system test while a page renders.
"""

import logging
import posixpath
import uuid
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.dispatch import Signal
from django.utils import timezone
from PIL import Image, ImageOps

from .queueing import queue_or_skip
from .uploads import Kind, image_check, image_without_metadata

THUMBNAILS = "thumbnails"
logger = logging.getLogger(__name__)

# Sent (sender: the model, `pk`) once a thumbnail is recorded on its row. The row is written
# with update(), which sends no post_save, so caches of what shows the picture listen here.
thumbnail_written = Signal()


@dataclass(frozen=True)
class Variant:
    """A thumbnail's box; `crop` fills it (covers), otherwise the picture fits inside (logos)."""

    width: int
    height: int
    crop: bool


COVER_THUMBNAIL = Variant(640, 360, crop=True)
LOGO_THUMBNAIL = Variant(192, 192, crop=False)


def image_stored_without_metadata(file, kind: Kind) -> ContentFile:
    """The picture re-encoded from its pixels, upright, with no metadata (core.uploads), under a
    new random name with its real format's extension."""
    stripped = image_without_metadata(file, kind)
    return ContentFile(stripped.read(), name=f"{uuid.uuid4().hex}.{kind.extension}")


def image_assign(instance: models.Model, *, field: str, value, max_bytes: int) -> bool:
    """Put an upload (a file), a removal (False or "") or nothing new (None, or the stored file)
    into `instance.<field>`; a new or removed picture also forgets the thumbnail. Returns whether
    the picture changed. Raises ValidationError on the field for a refused file."""
    thumbnail_field = f"{field}_thumbnail"
    if value is None or (isinstance(value, FieldFile) and not _is_upload(value)):
        return False
    if value is False or value == "":
        setattr(instance, field, "")
        setattr(instance, thumbnail_field, "")
        return True
    try:
        kind = image_check(value, max_bytes=max_bytes)
        stored = image_stored_without_metadata(value, kind)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from None
    setattr(instance, field, stored)
    setattr(instance, thumbnail_field, "")
    return True


def _is_upload(value: FieldFile) -> bool:
    """A bound ModelForm puts the upload inside the FieldFile (`_file`, not yet committed)."""
    return not value._committed


def files_delete_on_commit(storage, names) -> None:
    """Remove replaced or deleted files once the change that let them go has committed. The
    rows are gone by then: a storage that fails leaves a stray file, logged, not a 500."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names], robust=True)


def thumbnail_name(source_name: str) -> str:
    stem, _ext = posixpath.splitext(source_name)
    return posixpath.join(THUMBNAILS, f"{stem}.webp")


def thumbnail_render(file, variant: Variant) -> bytes:
    with Image.open(file) as opened:
        opened.load()
        image = opened.convert("RGBA" if "A" in opened.getbands() else "RGB")
    # Never enlarged: a small picture keeps its pixels (a cover is still cropped to the box's
    # shape, at the size the picture allows).
    if variant.crop:
        ratio = variant.width / variant.height
        width = min(variant.width, image.width, round(image.height * ratio))
        box = (width, round(width / ratio))
        image = ImageOps.fit(image, box, method=Image.Resampling.LANCZOS)
    else:
        image.thumbnail((variant.width, variant.height), Image.Resampling.LANCZOS)
    out = BytesIO()
    image.save(out, format="WEBP", quality=82, method=4)
    return out.getvalue()


def thumbnail_refresh(model: type[models.Model], pk: int, *, field: str, variant: Variant) -> str:
    """Write the thumbnail of `model` row `pk`'s picture and record it on the row. Safe to run
    twice (the name follows the picture's: an existing file is kept) and after a change (the
    row is updated only if it still holds the same picture). Returns the thumbnail's name."""
    thumbnail_field = f"{field}_thumbnail"
    row = model.objects.filter(pk=pk).values(field, thumbnail_field).first()
    if not row or not row[field]:
        return ""
    source, name = row[field], thumbnail_name(row[field])
    if row[thumbnail_field] == name:
        return name
    storage = model._meta.get_field(field).storage
    if not storage.exists(name):
        with storage.open(source, "rb") as file:
            data = thumbnail_render(file, variant)
        saved = storage.save(name, File(BytesIO(data), name=name))
        if saved != name:  # written meanwhile by a twin run: keep one
            storage.delete(saved)
    # `modified` moves so that cached cards that show the thumbnail are rendered again.
    recorded = model.objects.filter(pk=pk, **{field: source}).update(
        **{thumbnail_field: name, "modified": timezone.now()}
    )
    if recorded:
        thumbnail_written.send(sender=model, pk=pk)
    return name


def thumbnail_queue_on_commit(task, pk: int) -> None:
    """Queue `task(pk)` once the change commits. If the broker is down, pages show the picture
    itself meanwhile, and `manage.py thumbnails` (or the next change) makes the thumbnail."""

    def queue() -> None:
        queue_or_skip(task, pk, catch_up="pages show the picture until `manage.py thumbnails`")

    transaction.on_commit(queue)


def image_stored(instance: models.Model, field: str) -> tuple[str, str]:
    """The picture's and thumbnail's names in the database (a bound form may already have put
    an upload on the instance)."""
    if instance.pk is None:
        return "", ""
    return (
        type(instance).objects.filter(pk=instance.pk).values_list(field, f"{field}_thumbnail").get()
    )


def image_saved(instance: models.Model, *, field: str, stored: tuple[str, str], task) -> None:
    """After a service saved a changed picture: remove the replaced files and queue the new
    thumbnail, both once the change commits."""
    storage = instance._meta.get_field(field).storage
    files_delete_on_commit(storage, stored)
    if getattr(instance, field):
        thumbnail_queue_on_commit(task, instance.pk)
