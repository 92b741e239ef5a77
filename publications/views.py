"""Placeholder views: replaced by the public site (issue 3)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Publication


def publication_list(request):
    return HttpResponse(", ".join(str(p) for p in Publication.objects.public()[:50]))


def publication_detail(request, slug):
    return HttpResponse(
        str(get_object_or_404(Publication.objects.visible_to(request.user), slug=slug))
    )
