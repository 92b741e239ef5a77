"""Measuring every page through the whole Django stack (`manage.py bench`): which pages
(`pages.py`) and how each is timed (`measure.py`)."""
