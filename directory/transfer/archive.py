"""An export's .zip, read within bounds."""

import json
import zipfile
import zlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from members import images

from .records import DOCUMENT, FORMAT, VERSION, TransferError

# What an archive may hold, checked on the sizes it declares before anything is read, then again
# on what is actually read: a directory of thousands of members fits with room to spare.
MAX_ARCHIVE_ENTRIES = 50_000
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
MAX_PORTRAIT_BYTES = images.MAX_BYTES
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
READ_CHUNK_BYTES = 64 * 1024


class Archive:
    """An export's .zip, read within bounds: its declared sizes are checked before anything is
    decompressed, and each member is read in chunks that stop at its cap, since a zip can
    declare less than it holds. The portrait files it holds are checked and re-encoded like
    uploads, and the files stored from them are remembered so that a failed import removes them.
    """

    def __init__(self, path: Path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile, ValueError) as error:
            raise TransferError(f"{path} is not a directory export: {error}") from None
        self.stored_files: list = []
        try:
            self._check_declared_sizes()
        except TransferError:
            self.zip.close()
            raise

    def _check_declared_sizes(self):
        entries = self.zip.infolist()
        if len(entries) > MAX_ARCHIVE_ENTRIES:
            raise TransferError(
                f"{self.path} holds {len(entries)} files, more than {MAX_ARCHIVE_ENTRIES}: "
                "refused before reading it"
            )
        total = sum(entry.file_size for entry in entries)
        if total > MAX_ARCHIVE_BYTES:
            raise TransferError(
                f"{self.path} would unpack to {total} bytes, more than {MAX_ARCHIVE_BYTES}: "
                "refused before reading it"
            )
        for entry in entries:
            limit = MAX_DOCUMENT_BYTES if entry.filename == DOCUMENT else MAX_PORTRAIT_BYTES
            if entry.file_size > limit:
                raise TransferError(
                    f"{entry.filename} in {self.path} declares {entry.file_size} bytes, more "
                    f"than {limit}: refused before reading it"
                )

    def read(self, name: str, *, limit: int) -> bytes:
        """The member `name`, or TransferError once more than `limit` bytes come out of it."""
        chunks, size = [], 0
        try:
            with self.zip.open(name) as stream:
                while chunk := stream.read(READ_CHUNK_BYTES):
                    size += len(chunk)
                    if size > limit:
                        raise TransferError(
                            f"{name} in {self.path} holds more than {limit} bytes (more than it "
                            "declares): refused"
                        )
                    chunks.append(chunk)
        except KeyError:
            raise TransferError(f"{self.path} has no {name}") from None
        except (OSError, zipfile.BadZipFile, EOFError, zlib.error) as error:
            raise TransferError(f"{name} in {self.path} cannot be read: {error}") from None
        return b"".join(chunks)

    def document(self) -> dict:
        if DOCUMENT not in self.zip.namelist():
            raise TransferError(f"{self.path} is not a directory export: it has no {DOCUMENT}")
        try:
            document = json.loads(self.read(DOCUMENT, limit=MAX_DOCUMENT_BYTES))
        except ValueError as error:
            raise TransferError(f"{self.path} is not a directory export: {error}") from None
        if not isinstance(document, dict) or (
            document.get("format") != FORMAT or document.get("version") != VERSION
        ):
            raise TransferError(f"{self.path} is not a version {VERSION} directory export")
        return document

    def portrait(self, name: str, *, member: str) -> ContentFile:
        """The portrait file `name`, re-encoded as an upload would be, or TransferError."""
        data = self.read(name, limit=MAX_PORTRAIT_BYTES)
        try:
            return images.clean_portrait(ContentFile(data))
        except ValidationError as error:
            reason = " ".join(str(message) for message in error.messages)
            raise TransferError(f"the portrait {name} of {member} is refused: {reason}") from None

    def remember_stored(self, *files):
        self.stored_files.extend((file.storage, file.name) for file in files if file)

    def remove_stored(self):
        """Remove the files this import stored: its records were rolled back."""
        for storage, name in self.stored_files:
            storage.delete(name)
        self.stored_files = []

    def close(self):
        self.zip.close()
