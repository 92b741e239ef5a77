from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "publications"

urlpatterns = [
    path(_("publications/"), views.publication_list, name="list"),
    path(_("publications/<slug:slug>/"), views.publication_detail, name="detail"),
]
