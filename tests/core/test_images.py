"""Pictures (covers, logos) are checked from their content, kept without their metadata, and
thumbnailed without being enlarged."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import uploads
from core.images import (
    COVER_THUMBNAIL,
    LOGO_THUMBNAIL,
    image_stored_without_metadata,
    thumbnail_render,
)
from tests.factories import EXIF_GPS, EXIF_MAKE, picture

MB = 1024 * 1024


def refusal(file, max_bytes: int = 2 * MB) -> str:
    with pytest.raises(ValidationError) as raised:
        uploads.image_check(file, max_bytes=max_bytes)
    return raised.value.code


@pytest.mark.parametrize(
    ("image_format", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")]
)
def test_jpeg_png_and_webp_pass(image_format, name):
    kind = uploads.image_check(picture(name, image_format=image_format), max_bytes=MB)
    assert uploads.IMAGE_FORMATS[kind] == image_format


def test_a_text_file_named_like_a_photo_is_refused():
    spoofed = SimpleUploadedFile("photo.jpg", b"not a picture at all" * 50, "image/jpeg")
    assert refusal(spoofed) == "file_type"


def test_a_gif_named_like_a_png_is_refused():
    assert refusal(picture("photo.png", image_format="GIF")) == "file_type"


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
)
def test_svg_is_refused_even_named_png(content):
    assert refusal(SimpleUploadedFile("logo.png", content, "image/png")) == "file_type"


def test_a_file_over_the_limit_is_refused():
    assert refusal(picture(size=(400, 300)), max_bytes=100) == "too_large"


def test_too_many_pixels_are_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(uploads, "IMAGE_MAX_PIXELS", 1000)
    assert refusal(picture(size=(100, 100))) == "image_too_many_pixels"


def test_a_truncated_picture_is_refused():
    whole = picture(image_format="PNG", name="a.png").read()
    assert refusal(SimpleUploadedFile("a.png", whole[: len(whole) // 2])) == "image_invalid"


def test_exif_is_removed_and_the_photo_turned_upright():
    upload = picture(size=(800, 450), exif=True)
    assert Image.open(upload).getexif()[EXIF_MAKE] == "HelixCam"  # the photo has it

    stored = image_stored_without_metadata(upload, uploads.JPEG)

    image = Image.open(BytesIO(stored.read()))
    assert not image.getexif(), "no camera, no place, no orientation"
    assert EXIF_GPS not in image.getexif()
    assert b"HelixCam" not in stored.open().read()
    assert image.size == (450, 800), "orientation 6 applied to the pixels before it was dropped"
    assert stored.name.endswith(".jpg")
    assert stored.name != "photo.jpg"


def test_png_text_chunks_are_removed():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Nguyễn Văn A, 12 Lê Lợi")
    out = BytesIO()
    Image.new("RGB", (40, 40), "white").save(out, format="PNG", pnginfo=info)
    upload = SimpleUploadedFile("a.png", out.getvalue())

    stored = image_stored_without_metadata(upload, uploads.PNG)

    assert Image.open(BytesIO(stored.read())).text == {}


def test_a_logo_thumbnail_fits_its_box_uncropped():
    data = thumbnail_render(picture(size=(800, 200)), LOGO_THUMBNAIL)
    image = Image.open(BytesIO(data))
    assert image.format == "WEBP"
    assert image.size == (192, 48)


def test_a_small_picture_is_not_enlarged():
    assert Image.open(BytesIO(thumbnail_render(picture(size=(64, 64)), LOGO_THUMBNAIL))).size == (
        64,
        64,
    )
    cover = Image.open(BytesIO(thumbnail_render(picture(size=(400, 400)), COVER_THUMBNAIL)))
    assert cover.size == (400, 225), "cropped to 16:9, not enlarged"
