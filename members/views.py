"""The public pages about members: the directory, profiles and research topics."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render

from publications.exports import bibtex_response
from publications.models import Publication

from . import exports
from .facets import listed_ids, topic_facets, topic_member_count
from .filters import MemberFilter, tidy_query
from .models import Member, ResearchTopic
from .pagination import paginate

TOPIC_PAGE_MEMBERS = 24
TOPIC_PAGE_PUBLICATIONS = 10
# Above any topic's number of links: the LIMIT only keeps PostgreSQL from flattening the
# subquery into a join, so that it reads the topic's links first (docs/performance.md).
TOPIC_LINKS = 10_000_000


def home(request):
    return redirect("members:directory")


def directory(request):
    members = MemberFilter(request.GET, queryset=Member.objects.public().with_card_data())
    chosen_topics = members.chosen("topic") or []
    is_filtered = bool(members.chosen("q") or members.chosen("type") or chosen_topics)
    narrowed = bool(members.chosen("q") or chosen_topics)
    # A narrowed list of up to 5,000 members is read as ids once: its count and its facets.
    ids = listed_ids(members.qs) if narrowed else None
    page = paginate(
        members.qs,
        settings.DIRECTORY_PAGE_SIZE,
        request.GET.get("page"),
        unfiltered=not is_filtered,
        count=None if ids is None else len(ids),
    )
    return render(
        request,
        "members/directory.html",
        {
            "section": "members",
            "filter": members,
            "page_obj": page,
            "topic_facets": facets_with_chosen(
                topic_facets(
                    members.qs,
                    membership_type=members.chosen("type"),
                    narrowed=narrowed,
                    ids=ids,
                ),
                chosen_topics,
            ),
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


def profile(request, slug):
    member = get_object_or_404(Member.objects.visible_to(request.user).with_card_data(), slug=slug)
    publications = paginate(
        Publication.objects.for_profile(member, request.user),
        settings.PROFILE_PUBLICATIONS_PAGE_SIZE,
        request.GET.get("page"),
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
        },
    )


def profile_bibtex(request, slug):
    """Every publication of the profile that `request.user` may see, as one BibTeX file."""
    member = get_object_or_404(Member.objects.visible_to(request.user), slug=slug)
    publications = Publication.objects.for_profile(member, request.user)
    return bibtex_response(publications, filename=f"{member.slug}-publications")


def topic_list(request):
    return render(
        request,
        "members/topic_list.html",
        {"section": "topics", "topics": list(Member.objects.public().topic_directory())},
    )


def topic_detail(request, slug):
    topic = get_object_or_404(ResearchTopic, slug=slug)
    # The topic's links first, then the few rows they point to: walking the whole ordered list
    # instead probed the links of 6,000 publications (3,000 members) to find the first ten.
    member_links = Member.research_topics.through.objects.filter(researchtopic=topic)
    members = (
        Member.objects.public()
        .filter(pk__in=member_links.values("member_id")[:TOPIC_LINKS])
        .with_card_data()
    )
    publication_links = Publication.topics.through.objects.filter(researchtopic=topic)
    # The ids of the topic's public publications, newest first, read once: their number is
    # the count, the first ten the list (the page and a COUNT each read all 2,000 rows).
    ordered_ids = list(
        Publication.objects.public()
        .filter(pk__in=publication_links.values("publication_id")[:TOPIC_LINKS])
        .newest_first()
        .values_list("pk", flat=True)
    )
    shown_ids = ordered_ids[:TOPIC_PAGE_PUBLICATIONS]
    shown = Publication.objects.filter(pk__in=shown_ids).with_authors().in_bulk()
    return render(
        request,
        "members/topic_detail.html",
        {
            "section": "topics",
            "topic": topic,
            "members": list(members[:TOPIC_PAGE_MEMBERS]),
            "member_count": topic_member_count(topic, members),
            "publications": [shown[pk] for pk in shown_ids],
            "publication_count": len(ordered_ids),
        },
    )
