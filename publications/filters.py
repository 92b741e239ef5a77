"""The publication list's filters: words of the title or abstract, research topic, year and
member."""

from functools import lru_cache

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.filters import VisitorFilterSet
from core.text import fold
from members.models import Member, ResearchTopic

from .models import Publication
from .querysets import NEWEST_FIRST
from .search import publication_years, ranked_text_search


@lru_cache(maxsize=4)
def topic_choices(topics: tuple, english: bool) -> tuple:
    """(slug, name) of `topics` ((slug, French name, English name) rows) in one language, in
    the order of their folded names."""
    pairs = ((slug, (english and en) or fr) for slug, fr, en in topics)
    return tuple(sorted(pairs, key=lambda pair: fold(pair[1])))


class PublicationFilter(VisitorFilterSet):
    unlisted_choices = ("member",)

    q = django_filters.CharFilter(
        field_name="title",
        lookup_expr="search",
        method="filter_by_words",
        label=_("Words of the title or abstract"),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        lookup_expr="exact",
        method="filter_by_topic",
        to_field_name="slug",
        queryset=ResearchTopic.objects.all(),
        label=_("Research topic"),
        empty_label=_("All topics"),
    )
    year = django_filters.TypedChoiceFilter(
        field_name="year",
        lookup_expr="exact",
        coerce=int,
        label=_("Year"),
    )
    # 100,000 members make no drop-down: the choice arrives from a profile's link, and the
    # list offers only the member chosen (one query by slug), to keep or to clear.
    member = django_filters.ModelChoiceFilter(
        field_name="authorships__member",
        lookup_expr="exact",
        method="filter_by_member",
        to_field_name="slug",
        queryset=Member.objects.public(),
        label=_("Member"),
        empty_label=_("All members"),
    )

    class Meta:
        model = Publication
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The years offered are those that have publications: one query, run once.
        self.form.fields["year"].choices = [
            ("", _("All years")),
            *((y, y) for y in publication_years(self.queryset)),
        ]
        chosen = self.chosen("member")
        self.form.fields["member"].widget.choices = [
            ("", _("All members")),
            *([(chosen.slug, str(chosen))] if chosen else []),
        ]

    def choices_of(self, name, field):
        if name != "topic":
            return super().choices_of(name, field)
        # 500 topics as plain rows, not model instances (docs/performance.md), sorted once
        # for as long as they stay the same.
        topics = ResearchTopic.objects.rewrite(False).values_list("slug", "name_fr", "name_en")
        english = (get_language() or "fr").startswith("en")
        return [("", field.empty_label), *topic_choices(tuple(topics), english)]

    # The ids of the matches of `q` in order, when the search read them (PostgreSQL): the
    # list's count, and its pages' rows.
    match_ids = None

    def known_rows(self) -> tuple[int | None, object]:
        """The list's length and its ids in order when they are known without reading the
        publications (after `qs`): the words' matches, or a member's or a topic's entries
        (their ids a query, sliced by page) when that is the only filter; else (None, None)."""
        if self.match_ids is not None:
            return len(self.match_ids), self.match_ids
        chosen = [name for name in ("q", "topic", "year", "member") if self.chosen(name)]
        visitor, objects = AnonymousUser(), Publication.objects
        if chosen == ["member"]:
            member = self.chosen("member")
            return (
                objects.count_on_profile_of(member, visitor),
                objects.ids_on_profile_of(member, visitor),
            )
        if chosen == ["topic"]:
            topic = self.chosen("topic")
            return objects.count_about(topic, visitor), objects.ids_about(topic, visitor)
        return None, None

    def filter_queryset(self, queryset):
        # The words last: their matches are then read with every other filter applied, so
        # that their number is the list's count and the paginator need not count again.
        data = self.form.cleaned_data
        for name in sorted(data, key=lambda name: name == "q"):
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def filter_by_words(self, queryset, name, value):
        def found(ids):
            self.match_ids = ids

        return ranked_text_search(queryset, value, then=NEWEST_FIRST, found=found)

    def filter_by_topic(self, queryset, name, topic):
        # Newest first from the topic's entries (a chosen member's, then the words' order it
        # again after: filter_queryset applies them later).
        if not topic:
            return queryset
        return queryset.about(topic, AnonymousUser()).newest_first_about()

    def filter_by_member(self, queryset, name, member):
        # What the member's profile lists: a paper hidden from it is not theirs here either.
        # Newest first from the member's entries (the words, if any, order it again after).
        if not member:
            return queryset
        return queryset.on_profile_of(member, AnonymousUser()).newest_first_on_profile()
