"""The directory's filters: members having every chosen topic, of a membership type, by name."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import AllOfSlugsFilter, VisitorFilterSet

from .models import Member, MembershipType, ResearchTopic


class MemberFilter(VisitorFilterSet):
    """The directory: members having every chosen topic, of a membership type, by name."""

    q = django_filters.CharFilter(
        field_name="search_name",
        lookup_expr="contains",
        method="filter_by_name",
        label=_("Name"),
    )
    type = django_filters.ModelChoiceFilter(
        field_name="membership_type",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=MembershipType.objects.all(),
        label=_("Membership type"),
        empty_label=_("All types"),
    )
    topic = AllOfSlugsFilter(
        field_name="research_topics",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=ResearchTopic.objects.all(),
        method="filter_by_topics",
        label=_("Research topics"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Member
        fields = ()

    def filter_by_name(self, queryset, name, value):
        return queryset.named(value)

    def filter_by_topics(self, queryset, name, topics):
        return queryset.with_all_topics(topics)
