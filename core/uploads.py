"""Checks every upload goes through, whatever it is attached to: its size, its type read from its
content (never from its name or the browser's word), and images re-encoded without metadata.

The first bytes are read by **puremagic** (pure Python, no system libmagic, kept up to date);
containers need more than their first bytes: an office document is a ZIP, so its inner structure
is checked here too, so that any other ZIP (a JAR, an APK, a macro-enabled workbook) is refused.
"""

import io
import warnings
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError


@dataclass(frozen=True)
class Kind:
    """A file type Helix accepts: the extension it is stored under and the type it is served as."""

    extension: str
    content_type: str
    label: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


PDF = Kind("pdf", "application/pdf", "PDF")
JPEG = Kind("jpg", "image/jpeg", "JPEG")
PNG = Kind("png", "image/png", "PNG")
WEBP = Kind("webp", "image/webp", "WebP")
_OOXML = "application/vnd.openxmlformats-officedocument"
DOCX = Kind("docx", f"{_OOXML}.wordprocessingml.document", "Word")
XLSX = Kind("xlsx", f"{_OOXML}.spreadsheetml.sheet", "Excel")
PPTX = Kind("pptx", f"{_OOXML}.presentationml.presentation", "PowerPoint")
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text")
ODS = Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet")
ODP = Kind("odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument presentation")

DOCUMENTS = (PDF, JPEG, PNG, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP)

# What puremagic reads from the first bytes → the one kind it can be, or "zip" (look inside).
_BY_MIME = {"application/pdf": PDF, "image/jpeg": JPEG, "image/png": PNG, "image/webp": WEBP}
# OOXML: the package's content types and the main part that makes it this kind of document.
_OOXML_MAIN_PART = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "ppt/presentation.xml": PPTX,
}
# ODF: the first entry is an uncompressed "mimetype" naming the kind.
_ODF_MIMETYPES = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
_MACRO_PARTS = ("vbaproject.bin", "basic/", "scripts/")
_MAX_ZIP_ENTRIES = 10_000
_MAX_IMAGE_PIXELS = 50_000_000  # a 7,000 by 7,000 photograph; beyond, a decompression bomb


def check_size(upload, *, max_bytes: int) -> None:
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s is accepted."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")


def _head(upload, length: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _zip_kind(upload) -> Kind | None:
    """The office document a ZIP is, from its structure; None for any other ZIP."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if not infos or len(infos) > _MAX_ZIP_ENTRIES:
                return None
            names = {info.filename for info in infos}
            lowered = {name.lower() for name in names}
            if any(m in name for name in lowered for m in _MACRO_PARTS):
                return None  # macros: refused, whatever the extension says
            first = infos[0]
            if first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED:
                kind = _ODF_MIMETYPES.get(archive.read(first)[:100].decode("ascii", "replace"))
                if kind and "content.xml" in names and "META-INF/manifest.xml" in names:
                    return kind
                return None
            if "[Content_Types].xml" not in names:
                return None
            found = [kind for part, kind in _OOXML_MAIN_PART.items() if part in names]
            return found[0] if len(found) == 1 else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    finally:
        upload.seek(0)


def _pdf_ok(upload) -> bool:
    """A PDF starts with its header and ends with an end-of-file marker."""
    upload.seek(0, io.SEEK_END)
    end = upload.tell()
    upload.seek(max(0, end - 2048))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


def sniff(upload, *, accept=DOCUMENTS) -> Kind:
    """The kind of file the upload is, read from its content; a ValidationError if it is none of
    those accepted."""
    head = _head(upload)
    kind = None
    try:
        mime = puremagic.from_string(head, mime=True)
    except puremagic.PureError:
        mime = ""
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
    elif mime in _BY_MIME:
        kind = _BY_MIME[mime]
        if kind is PDF and not (head.startswith(b"%PDF-") and _pdf_ok(upload)):
            kind = None
    if kind is None or kind not in accept:
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(kinds)s."),
            code="file_type",
            params={"kinds": ", ".join(k.label for k in accept)},
        )
    return kind


def image_without_metadata(upload, kind: Kind) -> ContentFile:
    """The image re-encoded from its pixels: no EXIF (GPS, camera, dates), XMP or comments, and
    nothing appended after the image data (no polyglot survives). Turned upright first, since the
    orientation lives in the EXIF that is dropped."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.width * image.height > _MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError
                image.load()
                upright = ImageOps.exif_transpose(image)
                if kind is JPEG and upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                out = io.BytesIO()
                options = {"JPEG": {"quality": 90}, "PNG": {"optimize": True}, "WEBP": {}}
                fmt = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}[kind]
                upright.save(out, format=fmt, **options[fmt])
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise ValidationError(_("The image could not be read."), code="bad_image") from error
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue())


# --- Pictures (a project's cover, an organisation's logo) -------------------------------------

IMAGES = (JPEG, PNG, WEBP)
# Pillow's format name of each picture kind.
IMAGE_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
IMAGE_MAX_PIXELS = _MAX_IMAGE_PIXELS


def image_check(upload, *, max_bytes: int) -> Kind:
    """A JPEG, PNG or WebP picture within the limits, or a ValidationError: its size, its type
    from its first bytes (`sniff`: SVG and anything else refused whatever its name), then Pillow
    opens and verifies the whole file. Returns its kind."""
    check_size(upload, max_bytes=max_bytes)
    kind = sniff(upload, accept=IMAGES)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("The picture is too large (%(width)d by %(height)d pixels)."),
                    code="image_too_many_pixels",
                    params={"width": width, "height": height},
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
        upload.seek(0)
    return kind


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
