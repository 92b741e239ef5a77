"""The public pages about research topics: the list of topics and each topic's page."""

from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext

from core.database import is_postgresql
from core.pagination import rows_by_ids
from core.text import fold
from members.facets import topic_member_count, with_kept_member_count
from members.models import Member, ResearchTopic
from publications.models import Publication

# What a slug is replaced with to reverse a topic's address once, not once per topic.
SLUG_MARK = "topic0slug0mark"

TOPIC_PAGE_MEMBERS = 24
TOPIC_PAGE_PUBLICATIONS = 10
# Above any topic's number of links: the LIMIT only keeps PostgreSQL from flattening the
# subquery into a join, so that it reads the topic's links first (docs/performance.md).
TOPIC_LINKS = 10_000_000


class ListedTopic(NamedTuple):
    url: str
    name: str
    members: str


def topic_list(request):
    members = Member.objects.public()
    if is_postgresql(members):
        topics = with_kept_member_count(ResearchTopic.objects.all())
    else:
        topics = members.topic_directory()
    # 500 entries: the address spliced into one reversed address, the count's words looked up
    # once per number, the order read-alike (templates took 300 ms over the same list).
    prefix, suffix = reverse("members:topic", kwargs={"slug": SLUG_MARK}).split(SLUG_MARK)
    labels = {}
    entries = []
    # Both languages' names, as modeltranslation's fallback would choose, without its cost.
    english = get_language() == "en"
    for french, other, slug, count in topics.values_list(
        "name_fr", "name_en", "slug", "member_count"
    ):
        name = (other or french) if english else (french or other)
        if count not in labels:
            labels[count] = ngettext("%(counter)s member", "%(counter)s members", count) % {
                "counter": count
            }
        entries.append(ListedTopic(f"{prefix}{slug}{suffix}", name, labels[count]))
    entries.sort(key=lambda entry: fold(entry.name))
    return render(request, "members/topic_list.html", {"section": "topics", "topics": entries})


def topic_detail(request, slug):
    # On PostgreSQL its number of members is read with it (the counts its triggers keep).
    topic = get_object_or_404(with_kept_member_count(ResearchTopic.objects.all()), slug=slug)
    # The topic's links first, then the few rows they point to: walking the whole ordered list
    # instead probed the links of thousands of publications to find the first ten.
    member_links = Member.research_topics.through.objects.filter(researchtopic=topic)
    members = Member.objects.public().filter(pk__in=member_links.values("member_id")[:TOPIC_LINKS])
    # The first ids in name order from the index of published members' names, then only
    # those members' cards read: by their ids alone, for the topic's links again cost 0.6 of
    # the read's 1.1 ms.
    cards = Member.objects.public().as_cards()
    shown_members = rows_by_ids(members, 0, TOPIC_PAGE_MEMBERS, read=cards)
    # The topic's public publications from its entries: the first ten newest first, and their
    # number, each a read of the entries' index.
    visitor = AnonymousUser()
    paper_ids = list(Publication.objects.ids_about(topic, visitor)[:TOPIC_PAGE_PUBLICATIONS])
    papers = Publication.objects.public().filter(pk__in=paper_ids).with_authors().in_bulk()
    return render(
        request,
        "members/topic_detail.html",
        {
            "section": "topics",
            "topic": topic,
            "members": list(shown_members),
            "member_count": topic_member_count(topic, members),
            "publications": [papers[pk] for pk in paper_ids if pk in papers],
            "publication_count": Publication.objects.count_about(topic, visitor),
        },
    )
