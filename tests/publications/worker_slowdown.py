"""Loaded into a test's worker with `celery worker --include`: imports written in small batches,
each entry a little slower, so that the test can kill the worker while a harvest writes."""

import os
import time

from publications.importing import run

run.IMPORT_BATCH_SIZE = int(os.environ.get("SLOW_IMPORT_BATCH", "5"))
_store_entry = run.ImportRun._import_one


def _slowly(self, entry):
    time.sleep(float(os.environ.get("SLOW_IMPORT_SECONDS", "0.05")))
    return _store_entry(self, entry)


run.ImportRun._import_one = _slowly
