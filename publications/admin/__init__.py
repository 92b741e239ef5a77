"""The publications' pages of the admin; importing the modules registers them."""

from . import discovery, members, publications, runs, suggestions  # noqa: F401
