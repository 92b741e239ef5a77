"""Members' own pages on the public site: signing in, and editing their own profile."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.history import recorded_as
from members.forms import OwnProfileForm
from members.models import Member
from publications.models import Publication, SuggestedChange, SuggestionStatus
from publications.services import confirm_authorship, disclaim_publication

from ..caching import reads_parameters

# Papers listed for the member to claim or disclaim, at most (the oldest wait for the next).
CLAIMS_SHOWN = 50


@reads_parameters("next")  # where to go once signed in
class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    extra_context = {"section": "account"}


@reads_parameters("next")
class SignOutView(auth_views.LogoutView):
    """Signing out is a POST (a link could be followed by anyone's page)."""


@never_cache
@login_required
def own_profile(request):
    """The signed-in member edits their own profile, and only it: the record is the one linked
    to their account, never one named in the address."""
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        return render(
            request, "members/account_no_profile.html", {"section": "account"}, status=403
        )
    form = OwnProfileForm(request.POST or None, request.FILES or None, instance=member)
    if request.method == "POST" and form.is_valid():
        with recorded_as("self-edit"):
            form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("members:account")
    return render(
        request,
        "members/account_profile.html",
        {"section": "account", "member": member, "form": form, **_claims(member)},
    )


def _claims(member) -> dict:
    """What waits for the member's word: pending papers linked to them, and papers proposed
    as theirs through an identifier staff have not confirmed."""
    pending = Publication.objects.awaiting_claim_of(member).order_by("-pk")[:CLAIMS_SHOWN]
    proposed = (
        SuggestedChange.objects.filter(member=member, status=SuggestionStatus.OPEN)
        .select_related("publication")
        .order_by("-pk")[:CLAIMS_SHOWN]
    )
    return {"pending_publications": list(pending), "proposed_links": list(proposed)}


@require_POST
@login_required
def claim_publication(request, pk):
    """The signed-in member says a paper waiting for review is theirs ("mine") or not
    ("not-mine"); only a paper that names them, pending or proposed, can be answered."""
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        return render(
            request, "members/account_no_profile.html", {"section": "account"}, status=403
        )
    answer = request.POST.get("answer")
    publication = (
        Publication.objects.awaiting_claim_of(member).filter(pk=pk).first()
        or Publication.objects.filter(
            pk=pk, suggestions__member=member, suggestions__status=SuggestionStatus.OPEN
        ).first()
    )
    if publication is None or answer not in ("mine", "not-mine"):
        messages.error(request, _("This publication is not waiting for your answer."))
        return redirect("members:account")
    if answer == "mine":
        approved = confirm_authorship(member=member, publication=publication)
        message = (
            _("Thank you: “%(title)s” is now on your profile.")
            if approved
            else _("Thank you: staff will review “%(title)s” with your confirmation.")
        )
    else:
        disclaim_publication(member=member, publication=publication)
        message = _("“%(title)s” is no longer linked to you, and will not be again.")
    messages.success(request, message % {"title": publication.title})
    return redirect("members:account")
