"""Portrait uploads: what is accepted, what is refused and why, and what is stored."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members import images


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    output = BytesIO()
    image.save(output, fmt, **options)
    return output.getvalue()


def photo(size=(60, 40), fmt="JPEG", **options) -> bytes:
    return encode(Image.new("RGB", size, (200, 30, 30)), fmt, **options)


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(data: bytes, name="photo.jpg") -> str:
    """Why the file is refused: the error's code, once its message is checked to be the one
    the uploader reads for that code."""
    with pytest.raises(ValidationError) as caught:
        images.clean_portrait(upload(data, name))
    assert caught.value.messages == [str(images.MESSAGES[caught.value.code])]
    return caught.value.code


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny real PNG whose header claims another size: a decompression bomb's signature."""
    data = bytearray(photo((8, 8), "PNG"))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_real_images_are_reencoded_under_a_generated_name(fmt, extension):
    stored = images.clean_portrait(upload(photo(fmt=fmt), name="../../Mon CV <b>.html"))

    assert stored.name.endswith(f".{extension}")
    assert len(stored.name) == 32 + 1 + len(extension)
    assert "CV" not in stored.name and "/" not in stored.name
    with Image.open(BytesIO(stored.read())) as image:
        assert image.format == fmt
        assert image.size == (60, 40)


def test_metadata_is_stripped_and_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display.
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {2: (45.0, 30.0, 0.0)}  # GPS latitude
    original = photo((60, 40), "JPEG", exif=exif.tobytes())

    stored = images.clean_portrait(upload(original)).read()

    with Image.open(BytesIO(stored)) as image:
        assert image.size == (40, 60)
        assert dict(image.getexif()) == {}
    assert b"Camera maker" not in stored


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "portrait.svg",
            "markup",
        ),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "a.svg", "markup"),
        (b"<!doctype html><html><body>hi</body></html>", "portrait.jpg", "markup"),
        (b"GIF89a" + b"\x00" * 40, "portrait.gif", "not_image"),
        (b"just some text", "portrait.png", "not_image"),
        (photo(fmt="GIF"), "portrait.gif", "not_image"),
        (photo(fmt="BMP"), "portrait.bmp", "not_image"),
    ],
    ids=["svg-script", "svg", "html", "gif-header", "text", "real-gif", "bmp"],
)
def test_files_that_are_not_accepted_images_are_refused(data, name, reason):
    assert refusal(data, name) == reason


def test_png_followed_by_html_is_refused():
    polyglot = photo(fmt="PNG") + b"<html><script>alert(document.cookie)</script></html>"
    # Pillow alone would happily decode it.
    Image.open(BytesIO(polyglot)).load()

    assert refusal(polyglot, "portrait.png") == "markup"


def test_png_header_followed_by_html_is_refused():
    fake = b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>"
    assert refusal(fake, "portrait.png") == "markup"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_images_are_refused(fmt):
    noise = Image.frombytes("RGB", (64, 64), bytes(range(256)) * 48)
    data = encode(noise, fmt)

    assert refusal(data[: len(data) // 2]) == "damaged"


@pytest.mark.parametrize(
    "size", [(8000, 5001), (100_000, 100_000)], ids=["41-megapixels", "decompression-bomb"]
)
def test_too_many_pixels_are_refused_before_decoding(size):
    assert refusal(png_claiming_size(*size), "portrait.png") == "too_many_pixels"


def test_a_real_image_over_the_pixel_limit_is_refused():
    # 1-bit pixels compress to almost nothing: the file is small, the image is huge.
    data = encode(Image.new("1", (7000, 6000)), "PNG")
    assert len(data) < 100_000

    assert refusal(data, "portrait.png") == "too_many_pixels"


def test_files_over_5_mb_are_refused():
    noise = Image.frombytes("RGB", (1400, 1400), bytes(range(251)) * (1400 * 1400 * 3 // 251 + 1))
    data = encode(noise, "PNG", compress_level=0)
    assert len(data) > 5 * 1024 * 1024

    assert refusal(data, "portrait.png") == "too_big"


def test_portrait_names_are_generated():
    first = images.portrait_upload_to(None, "Jean Dupont.JPG")
    second = images.portrait_upload_to(None, "Jean Dupont.JPG")

    assert first != second
    assert first.startswith("portraits/") and first.endswith(".jpg")
    assert "Dupont" not in first
    assert images.portrait_upload_to(None, "x.html").endswith(".jpg")
