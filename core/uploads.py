"""Checks of uploaded files, from their content rather than their name or declared type.

An image is opened with Pillow and verified; only JPEG, PNG and WebP are taken. SVG is refused
outright: it is a document that can carry scripts and links, not a picture of pixels.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Pillow's format name → the extension a stored file gets.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Larger pictures are refused before they are decoded (a small file can unpack to gigabytes).
IMAGE_MAX_PIXELS = 40_000_000
SNIFF_BYTES = 1024


def _head(file) -> bytes:
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def size_check(file, *, max_bytes: int) -> None:
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); at most %(limit)s, please.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )


def image_check(file, *, max_bytes: int) -> str:
    """Refuse what is not a JPEG, PNG or WebP picture within the limits; return its format."""
    size_check(file, max_bytes=max_bytes)
    head = _head(file).lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        raise ValidationError(
            _("SVG images are not accepted: please upload a JPEG, PNG or WebP picture."),
            code="image_svg",
        )
    try:
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("The picture is too large (%(width)d by %(height)d pixels).")
                    % {"width": width, "height": height},
                    code="image_too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a picture Helix can read: please upload a JPEG, PNG or WebP."),
            code="image_invalid",
        ) from None
    finally:
        file.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG and WebP pictures are accepted."), code="image_type"
        )
    return image_format


@deconstructible
class ImageValidator:
    """A model field's validator (forms, admin and services alike): a new upload must pass
    `image_check` within the byte limit held by the named setting. A stored file is not read
    again."""

    def __init__(self, max_bytes_setting: str):
        self.max_bytes_setting = max_bytes_setting

    def __call__(self, value) -> None:
        if getattr(value, "_committed", False):
            return
        image_check(value, max_bytes=getattr(settings, self.max_bytes_setting))

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, ImageValidator) and other.max_bytes_setting == self.max_bytes_setting
        )
