"""The public pages about publications: the filterable list, each publication's page and its
citation files (BibTeX, RIS, CSL-JSON)."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from core.pagination import paginate
from publications import citations, exports
from publications.filters import PublicationFilter
from publications.models import Publication
from publications.references import references
from publications.search import RANKED_ROWS

from ..caching import reads_parameters

PUBLICATIONS_PAGE_SIZE = 20


@reads_parameters(*PublicationFilter.base_filters, "page")
def publication_list(request):
    publications = PublicationFilter(
        request.GET, queryset=Publication.objects.public().with_authors().newest_first()
    )
    is_filtered = any(publications.chosen(name) for name in ("q", "topic", "year", "member"))
    rows = publications.qs
    count, ids = publications.known_rows()
    if ids is not None:
        # Each of these ids has passed every filter already (the words' ranked matches, a
        # member's or a topic's entries): the page's rows are read by their ids alone, not
        # through the filters again (1,001 matched ids sent back: 0.8 ms, against 0.3).
        rows = Publication.objects.public().with_authors()
    return render(
        request,
        "publications/publication_list.html",
        {
            "section": "publications",
            "filter": publications,
            "page_obj": paginate(
                rows,
                PUBLICATIONS_PAGE_SIZE,
                request.GET.get("page"),
                unfiltered=not is_filtered,
                max_rows=RANKED_ROWS if publications.chosen("q") else None,
                count=count,
                ids=ids,
                # A member's or a topic's thousands of papers: their ids sorted, not their rows.
                by_ids=bool(publications.chosen("member") or publications.chosen("topic")),
            ),
            "is_filtered": is_filtered,
        },
    )


def publication_detail(request, slug):
    publication = get_object_or_404(
        Publication.objects.visible_to(request.user)
        .with_authors()
        .prefetch_related("topics", "releases"),
        slug=slug,
    )
    return render(
        request,
        "publications/publication_detail.html",
        {
            "section": "publications",
            "publication": publication,
            "structured_data": exports.scholarly_article(
                publication, absolute=request.build_absolute_uri
            ),
            # Formatted here only, not for each publication of a list: citeproc takes a while.
            "references": references(publication, get_language()),
        },
    )


def publication_bibtex(request, slug):
    publication = get_object_or_404(
        Publication.objects.visible_to(request.user).with_authors(), slug=slug
    )
    return exports.bibtex_response([publication], filename=publication.slug)


def _citable(request, slug):
    return get_object_or_404(Publication.objects.visible_to(request.user).with_authors(), slug=slug)


def publication_ris(request, slug):
    publication = _citable(request, slug)
    return citations.ris_response([publication], filename=publication.slug)


def publication_csl_json(request, slug):
    publication = _citable(request, slug)
    return citations.csl_json_response([publication], filename=publication.slug)
