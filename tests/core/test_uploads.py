"""The checks every upload goes through: the type read from the content (whatever the name),
office ZIPs checked inside, images re-encoded without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import uploads
from tests import samples


def _upload(data: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (samples.MINIMAL_PDF, uploads.PDF),
        (samples.png_bytes(), uploads.PNG),
        (samples.jpeg_with_gps(), uploads.JPEG),
        (samples.docx_bytes(), uploads.DOCX),
        (samples.odt_bytes(), uploads.ODT),
    ],
)
def test_accepted_kinds_are_read_from_the_content_not_the_name(data, kind):
    assert uploads.sniff(_upload(data, name="whatever.exe")) is kind


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(samples.EXE, id="an exe named .pdf"),
        pytest.param(samples.HTML, id="an HTML page named .pdf"),
        pytest.param(samples.SVG, id="an SVG with a script named .pdf"),
        pytest.param(b"%PDF-1.4\n" + samples.HTML, id="a PDF header over HTML, no end"),
        pytest.param(samples.zip_bytes({"a.txt": b"x"}), id="any ZIP named .docx"),
        pytest.param(
            samples.zip_bytes({"META-INF/MANIFEST.MF": b"Main-Class: X"}), id="a JAR named .docx"
        ),
        pytest.param(
            samples.docx_bytes(**{"word/vbaProject.bin": b"macro"}), id="a macro-enabled docx"
        ),
        pytest.param(
            samples.zip_bytes({"word/document.xml": b"<x/>"}), id="a docx without content types"
        ),
        pytest.param(
            samples.zip_bytes({"content.xml": b"<x/>"}, mimetype="application/java-archive"),
            id="an ODF mimetype Helix does not accept",
        ),
        pytest.param(b"PK\x03\x04broken", id="a broken ZIP"),
        pytest.param(b"GIF89a" + b"\x00" * 40, id="a GIF (not accepted)"),
    ],
)
def test_spoofed_or_unaccepted_files_are_refused(data):
    with pytest.raises(ValidationError) as error:
        uploads.sniff(_upload(data, name="report.pdf"))
    assert error.value.code == "file_type"


def test_the_size_limit_is_checked():
    with pytest.raises(ValidationError) as error:
        uploads.check_size(_upload(b"x" * 2001), max_bytes=2000)
    assert error.value.code == "too_large"
    uploads.check_size(_upload(b"x" * 2000), max_bytes=2000)


def test_an_image_is_stored_without_exif_or_gps_and_turned_upright():
    content = uploads.image_without_metadata(
        _upload(samples.jpeg_with_gps(), "photo.jpg"), uploads.JPEG
    )
    image = Image.open(io.BytesIO(content.read()))
    assert image.format == "JPEG"
    assert image.size == (64, 48)
    exif = image.getexif()
    assert not exif.get_ifd(0x8825)  # no GPS
    assert 0x010F not in exif  # no camera make
    assert "exif" not in image.info
    assert b"HelixCam" not in content.file.getvalue()


def test_a_polyglot_image_loses_what_follows_the_pixels():
    polyglot = samples.png_bytes() + samples.HTML
    assert uploads.sniff(_upload(polyglot, "x.png")) is uploads.PNG
    content = uploads.image_without_metadata(_upload(polyglot, "x.png"), uploads.PNG)
    assert b"<script>" not in content.file.getvalue()


def test_a_truncated_image_is_refused():
    with pytest.raises(ValidationError):
        uploads.image_without_metadata(_upload(samples.png_bytes()[:60], "x.png"), uploads.PNG)
