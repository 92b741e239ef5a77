"""The expert finder: who at the institute works on what a visitor typed or pasted."""

from django.shortcuts import render

from publications.discovery.finder import MAX_TEXT, find_experts

from ..caching import reads_parameters


@reads_parameters("q")
def expert_finder(request):
    return render(
        request,
        "members/experts.html",
        {
            "section": "experts",
            "search": find_experts(request.GET.get("q", "")),
            "max_text": MAX_TEXT,
        },
    )
