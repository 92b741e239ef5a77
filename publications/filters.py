"""The publication list's filters: by research topic, year and member."""

import django_filters
from django.utils.translation import gettext_lazy as _

from members.filters import VisitorFilterSet
from members.models import Member, ResearchTopic

from .models import Publication


class PublicationFilter(VisitorFilterSet):
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        lookup_expr="exact",
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
    member = django_filters.ModelChoiceFilter(
        field_name="authorships__member",
        lookup_expr="exact",
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
        years = self.queryset.years()
        self.form.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
