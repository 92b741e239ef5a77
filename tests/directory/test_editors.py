"""The "Directory editors" group covers every content model, whatever was added since."""

import pytest
from django.contrib.auth.models import Group

from directory.editors import GROUP_NAME, content_models, keep_editors_group
from publications.models import Release
from tests.admin_forms import change_form_data
from tests.factories import PublicationFactory
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db


def test_editors_may_add_change_delete_and_view_every_content_model(editor):
    models = content_models()
    assert Release in models
    for model in models:
        for action in ("add", "change", "delete", "view"):
            permission = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
            assert editor.has_perm(permission), permission


def test_the_group_is_put_right_on_the_next_migrate():
    group = Group.objects.get(name=GROUP_NAME)
    group.permissions.clear()

    keep_editors_group()

    assert group.permissions.filter(codename="change_release").exists()
    assert not group.permissions.filter(content_type__app_label="auth").exists()


def test_an_editor_adds_a_version_of_a_publication_in_the_admin(client, editor):
    publication = PublicationFactory(title="Un article en deux versions")
    client.force_login(editor)
    url = admin_url(publication, "change", publication.pk)
    data = change_form_data(client.get(url))
    prefix = "releases"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-kind": "preprint",
            f"{prefix}-0-venue": "arXiv",
            f"{prefix}-0-year": "2023",
            f"{prefix}-0-arxiv_id": "2301.00001",
            f"{prefix}-0-source": "manual",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert list(publication.releases.values_list("venue", "arxiv_id")) == [("arXiv", "2301.00001")]
