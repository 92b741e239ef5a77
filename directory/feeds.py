"""Atom feeds of the latest publications: overall, per research topic and per member."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from core.identifiers import display_author_name
from members.models import Member, ResearchTopic
from publications.models import Publication

FEED_SIZE = 20


class TextAtomFeed(Atom1Feed):
    """Atom with plain-text summaries: an abstract is never read as HTML by a feed reader."""

    def add_item_elements(self, handler, item):
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


def author_names(publication) -> list[str]:
    names = [display_author_name(a.name) for a in publication.authorships.all()]
    if not publication.authors_complete:
        names.append(_("et al."))
    return names


class LatestPublicationsFeed(Feed):
    feed_type = TextAtomFeed

    def title(self):
        return _("Latest publications of the institute")

    def subtitle(self):
        return _("Publications of the institute's members, newest first.")

    def link(self):
        return reverse("publications:list")

    def publications(self):
        return Publication.objects.public().with_authors().newest_first()

    def items(self):
        return self.publications()[:FEED_SIZE]

    def item_title(self, publication):
        return publication.title

    def item_description(self, publication):
        """Authors, venue and year, then the abstract: plain text."""
        lines = [", ".join(author_names(publication))]
        where = " · ".join(str(part) for part in (publication.venue, publication.year) if part)
        if where:
            lines.append(where)
        if publication.abstract:
            lines += ["", publication.abstract]
        return "\n".join(lines)

    def item_author_name(self, publication):
        return ", ".join(author_names(publication)) or None

    def item_pubdate(self, publication):
        return publication.created_at

    def item_updateddate(self, publication):
        return publication.updated_at


class TopicPublicationsFeed(LatestPublicationsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(ResearchTopic, slug=slug)

    def title(self, topic):
        return _("Latest publications on %(topic)s") % {"topic": topic.name}

    def subtitle(self, topic):
        return _("Publications of the institute's members on %(topic)s, newest first.") % {
            "topic": topic.name
        }

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        publications = self.publications().about(topic, AnonymousUser())
        return publications.newest_first_about()[:FEED_SIZE]


class MemberPublicationsFeed(LatestPublicationsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Member.objects.public(), slug=slug)

    def title(self, member):
        return _("Latest publications of %(name)s") % {"name": member.full_name}

    def subtitle(self, member):
        return _("Publications of %(name)s, newest first.") % {"name": member.full_name}

    def link(self, member):
        return member.get_absolute_url()

    def items(self, member):
        visitor = AnonymousUser()
        publications = self.publications().on_profile_of(member, visitor)
        return publications.newest_first_on_profile()[:FEED_SIZE]
