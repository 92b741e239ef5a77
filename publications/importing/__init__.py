"""Publications coming in: entries read from files and sources (`readers`; `harvest` asks the
sources through `sources` and the polite client of `http`), matched with what is stored and
with members (`known`, `matching`), merged (`merge`, `releases`) and written by one `ImportRun`
(`run`), which reports what it did (`report`)."""

from .records import PublicationEntry
from .report import ImportReport
from .run import ImportInterrupted, ImportRun, import_publications

__all__ = [
    "ImportInterrupted",
    "ImportReport",
    "ImportRun",
    "PublicationEntry",
    "import_publications",
]
