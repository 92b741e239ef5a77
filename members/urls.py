from django.urls import path
from django.utils.translation import gettext_lazy as _

from publications.feeds import MemberPublicationsFeed, TopicPublicationsFeed

from . import account_views, views

app_name = "members"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("membres/"), views.directory, name="directory"),
    path(_("membres/<slug:slug>/"), views.profile, name="profile"),
    path(_("membres/<slug:slug>/publications.bib"), views.profile_bibtex, name="bibtex"),
    path(_("membres/<slug:slug>/feed/"), MemberPublicationsFeed(), name="feed"),
    path(_("sujets/"), views.topic_list, name="topics"),
    path(_("sujets/<slug:slug>/"), views.topic_detail, name="topic"),
    path(_("sujets/<slug:slug>/feed/"), TopicPublicationsFeed(), name="topic_feed"),
]

# Members' own pages: sign in, sign out, edit their profile.
urlpatterns += [
    path(_("connexion/"), account_views.SignInView.as_view(), name="login"),
    path(_("deconnexion/"), account_views.SignOutView.as_view(), name="logout"),
    path(_("mon-profil/"), account_views.own_profile, name="account"),
]
