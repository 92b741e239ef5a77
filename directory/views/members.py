"""The public pages about members: the directory and profiles."""

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from core.filters import tidy_query
from core.pagination import paginate
from members import exports
from members.facets import listed, topic_facets
from members.filters import MemberFilter
from members.models import Member
from publications.citations import csl_json_response, ris_response
from publications.discovery.similar import similar_to
from publications.exports import BIBTEX_CONTENT_TYPE, bibtex, bibtex_response
from publications.models import Publication

from ..caching import reads_parameters

# A member's BibTeX up to BIBTEX_WHOLE papers is one response; a longer one is streamed,
# BIBTEX_FIRST_CHUNK entries first (the first byte in milliseconds), then BIBTEX_CHUNK at a time.
BIBTEX_WHOLE = 50
BIBTEX_FIRST_CHUNK = 20
BIBTEX_CHUNK = 500


def home(request):
    return redirect("members:directory")


@reads_parameters(*MemberFilter.base_filters, "page")
def directory(request):
    cards = Member.objects.public().as_cards()
    members = MemberFilter(request.GET, queryset=cards)
    chosen_topics = members.chosen("topic") or []
    is_filtered = bool(members.chosen("q") or members.chosen("type") or chosen_topics)
    narrowed = bool(members.chosen("q") or chosen_topics)
    # A narrowed list of up to 5,000 members is read once: its count, its facets and its ids,
    # by which the page's cards are read (not through the name search again).
    read = listed(members.qs) if narrowed else None
    page = paginate(
        members.qs if read is None else cards,
        settings.DIRECTORY_PAGE_SIZE,
        request.GET.get("page"),
        unfiltered=not is_filtered,
        count=None if read is None else read.count,
        ids=None if read is None else read.ids,
    )
    if read is not None:
        facets = read.facets
    else:
        facets = topic_facets(members.qs, membership_type=members.chosen("type"), narrowed=narrowed)
    return render(
        request,
        "members/directory.html",
        {
            "section": "members",
            "filter": members,
            "page_obj": page,
            "topic_facets": facets_with_chosen(facets, chosen_topics),
            "chosen_topics": chosen_topics,
            "chosen_type": members.chosen("type"),
            "is_filtered": is_filtered,
        },
    )


def facets_with_chosen(facets, chosen_topics):
    """The facet list, plus the chosen topics that no member of the result set has (so that
    they can still be unticked), each topic marked `is_chosen`."""
    facets = list(facets)
    chosen = {topic.pk for topic in chosen_topics}
    listed = {topic.pk for topic in facets}
    for topic in chosen_topics:
        if topic.pk not in listed:
            topic.member_count = 0
            facets.append(topic)
    for topic in facets:
        topic.is_chosen = topic.pk in chosen
    return facets


@reads_parameters("page")
def profile(request, slug):
    member = get_object_or_404(Member.objects.visible_to(request.user).with_card_data(), slug=slug)
    publications = paginate(
        Publication.objects.for_profile(member, request.user),
        settings.PROFILE_PUBLICATIONS_PAGE_SIZE,
        request.GET.get("page"),
        count=Publication.objects.count_on_profile_of(member, request.user),
        ids=Publication.objects.ids_for_profile(member, request.user),
    )
    return render(
        request,
        "members/profile.html",
        {
            "section": "members",
            "member": member,
            "page_obj": publications,
            "query": tidy_query(request.GET),
            "structured_data": exports.person(member, absolute=request.build_absolute_uri),
            "similar": list(similar_to(member)),
        },
    )


def profile_bibtex(request, slug):
    """Every publication of the profile that `request.user` may see, as one BibTeX file."""
    member = get_object_or_404(Member.objects.visible_to(request.user), slug=slug)
    publications = Publication.objects.for_profile(member, request.user)
    filename = f"{member.slug}-publications"
    # The first rows by their ids, read from the indexes in order: sorting thousands of whole
    # rows (abstracts included) to keep the first few took most of the first byte's time.
    first_ids = publications.prefetch_related(None).values("pk")[: BIBTEX_WHOLE + 1]
    first = list(publications.filter(pk__in=first_ids))
    if len(first) <= BIBTEX_WHOLE:
        return bibtex_response(first, filename=filename)
    response = StreamingHttpResponse(
        bibtex_chunks(publications, first), content_type=BIBTEX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.bib"'
    return response


def bibtex_chunks(publications, first):
    """The BibTeX file of `publications` (ordered, authors prefetched) piece by piece,
    beginning with the already read `first` ones: one query for the remaining ids, then two
    per BIBTEX_CHUNK papers (the papers and their ordered authors)."""
    used_keys: dict[str, int] = {}
    yield bibtex(first[:BIBTEX_FIRST_CHUNK], used_keys=used_keys)
    yield "\n" + bibtex(first[BIBTEX_FIRST_CHUNK:], used_keys=used_keys)
    rest = list(publications.prefetch_related(None).values_list("pk", flat=True)[len(first) :])
    for start in range(0, len(rest), BIBTEX_CHUNK):
        ids = rest[start : start + BIBTEX_CHUNK]
        found = publications.model.objects.filter(pk__in=ids).with_authors().in_bulk()
        chunk = [found[pk] for pk in ids if pk in found]
        yield "\n" + bibtex(chunk, used_keys=used_keys)


def profile_ris(request, slug):
    """What the profile's BibTeX lists, as one RIS file."""
    member = get_object_or_404(Member.objects.visible_to(request.user), slug=slug)
    publications = Publication.objects.for_profile(member, request.user)
    return ris_response(publications, filename=f"{member.slug}-publications")


def profile_csl_json(request, slug):
    """What the profile's BibTeX lists, as one CSL-JSON file."""
    member = get_object_or_404(Member.objects.visible_to(request.user), slug=slug)
    publications = Publication.objects.for_profile(member, request.user)
    return csl_json_response(publications, filename=f"{member.slug}-publications")
