"""Every read of members the site does, as QuerySet methods: who may be seen, by name, by
topic, and with what a card shows."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from modeltranslation.utils import build_localized_fieldname

from core.access import sees_everything
from core.database import attaching, is_postgresql
from core.text import search_words

from .cards import WithCardTopics
from .reference import Organisation, ResearchTopic


def _in_every_language(*fields: str) -> tuple[str, ...]:
    return tuple(
        build_localized_fieldname(field, code)
        for field in fields
        for code in settings.MODELTRANSLATION_LANGUAGES
    )


# What a card in a list shows (directory.templatetags.member_tags: member_card, expert_item),
# each translated field in every language (the fallback's): not the biography, identifiers,
# links and profile portrait, which no list shows (24 cards: 3.3 → 2.8 ms).
CARD_FIELDS = (
    *("slug", "given_name", "family_name", "portrait", "portrait_small", "organisation__name"),
    *_in_every_language("position_title", "membership_type__name"),
)


class MemberQuerySet(models.QuerySet):
    def public(self):
        """Profiles visitors may see."""
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Everything for staff (so they can preview drafts), published profiles for others."""
        return self.all() if sees_everything(user) else self.public()

    def with_card_data(self):
        """What a directory card shows: type, organisation and topics (`card_topics`, a list
        of `CardTopic` in reading order), in a fixed query count."""
        return attaching(self.select_related("membership_type", "organisation"), WithCardTopics)

    def as_cards(self):
        """With what a card shows (`with_card_data`), and only that: for the lists."""
        return self.with_card_data().only(*CARD_FIELDS)

    def named(self, text: str):
        """Members whose name has every word of `text`, ignoring case and accents ("joao"
        finds "João"); on PostgreSQL a word may also be misspelt ("pascnu" finds "Pascanu"),
        through the trigram index on the folded name."""
        query = self
        for word in search_words(text):
            if is_postgresql(self):
                query = query.filter(
                    Q(search_name__contains=word) | Q(search_name__trigram_word_similar=word)
                )
            else:
                query = query.filter(search_name__contains=word)
        return query

    def with_all_topics(self, topics):
        """Members having every one of `topics`."""
        query = self
        for topic in topics:
            query = query.filter(research_topics=topic)
        return query

    def topic_facets(self):
        """Each research topic with how many of these members have it, most common first."""
        return (
            ResearchTopic.objects.filter(members__in=self.values("pk"))
            .annotate(member_count=Count("members"))
            .order_by("-member_count", "name")
        )

    def organisations(self):
        """The organisations these members work at, by name."""
        return Organisation.objects.filter(
            Exists(self.filter(organisation=OuterRef("pk")))
        ).order_by("name", "pk")

    def topic_directory(self):
        """Every research topic, alphabetically, with how many of these members have it."""
        return ResearchTopic.objects.annotate(
            member_count=Count("members", filter=Q(members__in=self.values("pk")))
        ).order_by("name")
