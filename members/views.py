"""Placeholder views: replaced by the public site (issue 3)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from .models import Member, ResearchTopic


def home(request):
    return redirect("members:directory")


def directory(request):
    return HttpResponse(", ".join(str(m) for m in Member.objects.public()))


def profile(request, slug):
    member = get_object_or_404(Member.objects.visible_to(request.user), slug=slug)
    return HttpResponse(str(member))


def topic_list(request):
    return HttpResponse(", ".join(str(t) for t in ResearchTopic.objects.all()))


def topic_detail(request, slug):
    return HttpResponse(str(get_object_or_404(ResearchTopic, slug=slug)))
