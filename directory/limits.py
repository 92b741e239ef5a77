"""Requests larger than the site accepts, refused before anything reads their body."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation


def declared_length(request) -> int:
    """The body length the request declares; Django reads no more than that, and nothing at
    all of a body that declares none (a chunked one) or an unreadable one."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    """Answers 413, with a page in the visitor's language, to a request whose body is larger
    than MAX_REQUEST_BODY_BYTES: before the CSRF check or a view parses the form, and before
    uploads are spooled, so a 200 MB POST costs no more than its headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY_BYTES
        if declared_length(request) > limit:
            return too_large(request, limit=limit)
        return self.get_response(request)


def too_large(request, *, limit: int):
    # Locale middleware has not run yet: the language comes from the address, as it would.
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        return render(request, "413.html", {"megabytes": limit / 2**20}, status=413)
