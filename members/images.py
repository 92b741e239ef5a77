"""Portraits: what an upload must be to be accepted, and the fixed-size copies the pages show.

An upload is trusted only after Pillow has decoded every pixel of it; what is stored is a fresh
encoding of those pixels under a generated name, so nothing else the file carried (metadata, a
script hidden after the image, the uploader's file name) ever reaches the site.
"""

import re
import uuid
import warnings
from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow format name -> (stored format, file extension).
ACCEPTED_FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp")}
# Square sizes, in pixels, of the copies the pages use: cards and profiles at twice their size.
THUMBNAIL_SIZES = {"small": 144, "medium": 320}

# Markup that a browser could run if it were ever served as HTML: an image with it is a polyglot.
MARKUP = re.compile(rb"<\s*(script|html|body|svg|iframe|object|embed|!doctype|\?php)\b", re.I)

MESSAGES = {
    "too_big": _("The portrait is larger than 5 MB; please send a smaller file."),
    "not_image": _("This file is not a JPEG, PNG or WebP image."),
    "markup": _("This image also contains web page code; please export it again as JPEG or PNG."),
    "too_many_pixels": _("The portrait has more than 40 megapixels; please send a smaller image."),
    "damaged": _("This image is damaged or incomplete; please export it again."),
}


def portrait_upload_to(instance, filename: str) -> str:
    """A generated name: the uploader's file name is never used."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    extension = extension if extension in {"jpg", "png", "webp"} else "jpg"
    return f"portraits/{uuid.uuid4().hex}.{extension}"


def _open_checked(data: bytes) -> Image.Image:
    """The decoded image, or ValidationError saying why the bytes are refused."""
    if len(data) > MAX_BYTES:
        raise ValidationError(MESSAGES["too_big"], code="too_big")
    if MARKUP.search(data):
        raise ValidationError(MESSAGES["markup"], code="markup")
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice it; here every bomb is an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise ValidationError(MESSAGES["not_image"], code="not_image")
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(MESSAGES["too_many_pixels"], code="too_many_pixels")
                probe.verify()
            # verify() leaves the image unusable: decode it again, every pixel this time.
            image = Image.open(BytesIO(data))
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(MESSAGES["too_many_pixels"], code="too_many_pixels") from error
        except Image.UnidentifiedImageError as error:
            raise ValidationError(MESSAGES["not_image"], code="not_image") from error
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(MESSAGES["damaged"], code="damaged") from error
    return image


def clean_portrait(upload) -> ContentFile:
    """The upload re-encoded, upright and without metadata, under a generated name.

    Raises ValidationError with a message for the uploader when the file is refused.
    """
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    image = _open_checked(data)
    stored_format, extension = ACCEPTED_FORMATS[image.format]
    image = ImageOps.exif_transpose(image)
    output = BytesIO()
    if stored_format == "JPEG":
        image.convert("RGB").save(output, "JPEG", quality=88, optimize=True)
    elif stored_format == "PNG":
        keep = image.mode if image.mode in {"RGB", "RGBA", "L", "LA", "P"} else "RGBA"
        image.convert(keep).save(output, "PNG", optimize=True)
    else:
        image.convert("RGBA" if "A" in image.getbands() else "RGB").save(output, "WEBP", quality=85)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def thumbnail(portrait_file, size: int) -> ContentFile:
    """A square WebP copy of a stored portrait, cropped around its centre."""
    with (
        portrait_file.storage.open(portrait_file.name, "rb") as stored,
        Image.open(stored) as image,
    ):
        image = ImageOps.exif_transpose(image)
        square = ImageOps.fit(image.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
    output = BytesIO()
    square.save(output, "WEBP", quality=82)
    return ContentFile(output.getvalue())


def thumbnail_name(portrait_name: str, size: int) -> str:
    """Where the copy of a portrait at `size` is stored: named after the portrait itself."""
    return f"portraits/thumbnails/{PurePosixPath(portrait_name).stem}-{size}.webp"
