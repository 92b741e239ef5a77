"""Members' own pages on the public site: signing in, and editing their own profile."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.history import recorded_as
from members.forms import OwnProfileForm
from members.models import Member

from ..caching import reads_parameters


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
        {"section": "account", "member": member, "form": form},
    )
