"""The open API, /api/v1/: what visitors may see of the directory, as JSON, read-only, for
anyone (CORS for GET). The routers are thin: visibility comes from the noun apps' selectors and
the lists' filters from the pages' FilterSets. The OpenAPI document is /api/v1/openapi.json;
the documentation page (`docs.py`) renders it on the server, under the strict CSP."""

from django.http import JsonResponse
from django.urls import reverse
from ninja import NinjaAPI

from . import members, publications, schemas
from .pages import FilterRefused

api = NinjaAPI(
    title="Institute directory API",
    version="1",
    description=(
        "The institute's members, research topics, membership types, organisations and "
        "publications, as visitors of the site see them. Read-only, no key needed. Every "
        "translated field comes in French and English (`name_fr`, `name_en`)."
    ),
    urls_namespace="api",
    docs_url=None,
)
api.add_router("", members.router)
api.add_router("", publications.router)


@api.exception_handler(FilterRefused)
def filter_refused(request, exc):
    return api.create_response(request, {"detail": exc.errors}, status=400)


@api.get("/", response=dict[str, str], tags=["index"])
def index(request):
    """Where each list of the API is."""
    names = ["member_list", "topic_list", "membership_type_list", "organisation_list"]
    links = {
        name.removesuffix("_list").replace("_", "-") + "s": reverse(f"api:{name}")
        for name in [*names, "publication_list"]
    }
    links["openapi"] = reverse("api:openapi-json")
    return {key: request.build_absolute_uri(path) for key, path in links.items()}


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, like the API's own."""
    return JsonResponse({"detail": "Not Found"}, status=404)


__all__ = ["api", "not_found", "schemas"]
