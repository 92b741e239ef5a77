"""Moving the whole directory between instances: one .zip holding `directory.json` and the
portrait files.

Records are named by natural keys (slugs, and the organisation's name), never by database ids,
so a file imports into an empty database as well as into one that already holds part of it;
importing the same file twice changes nothing the second time. Accounts are not moved: they
belong to an instance, and staff link them again.
"""

from .export import export_directory
from .load import import_directory
from .records import TransferError, TransferReport

__all__ = ["TransferError", "TransferReport", "export_directory", "import_directory"]
