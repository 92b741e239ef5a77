"""HTTP for the open API: an ETag on every successful GET, 304 when the client already has it
(pages from the page cache included), and headers that say the same answer serves every
reader, whatever their language."""

from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)

API_PREFIX = "/api/"


class ApiResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        # Both languages are in every answer (`name_fr`, `name_en`), the messages in English:
        # nothing depends on Accept-Language, which LocaleMiddleware would otherwise announce.
        vary = [
            header
            for header in cc_delim_re.split(response.get("Vary", ""))
            if header and header.lower() != "accept-language"
        ]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif response.has_header("Vary"):
            del response["Vary"]
        if response.has_header("Content-Language"):
            del response["Content-Language"]
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Cache-Control"):
            # Stored anywhere, checked every time: an edit shows at once, a 304 costs little.
            patch_cache_control(response, public=True, no_cache=True)
        return get_conditional_response(request, etag=response["ETag"], response=response)
