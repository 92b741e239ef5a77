"""The OpenAPI document against the running API: schemathesis sends what the document allows
(and what it forbids) to every operation; no answer may be a server error, and every answer
must be one the document describes."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from directory.wsgi import application
from publications.models import ReviewStatus
from tests.factories import PublicationFactory
from tests.site_factories import populate

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


# Read from the application itself, as a client would: the document is what the API serves.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def same_connection():
    """Requests through the WSGI application keep the test's connection, as Django's test
    client does: closing it at the end of a request would leave the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def directory(db, same_connection):
    site = populate(3)
    # What visitors may not see is there too, for the API to leave out.
    PublicationFactory(
        title="En attente", review_status=ReviewStatus.PENDING, authors=[site.member]
    )
    site.members[-1].is_published = False
    site.members[-1].save()
    return site


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_matches_the_document(case, directory):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
def test_every_record_answers_as_the_document_says(directory):
    """Generated slugs find nothing: each detail is also asked for a record that exists."""
    member, publication = directory.member, directory.publication
    for path, parameters in [
        ("/api/v1/members/{slug}", {"slug": member.slug}),
        ("/api/v1/topics/{slug}", {"slug": directory.topic.slug}),
        ("/api/v1/membership-types/{slug}", {"slug": member.membership_type.slug}),
        ("/api/v1/organisations/{id}", {"id": member.organisation_id}),
        ("/api/v1/publications/{slug}", {"slug": publication.slug}),
    ]:
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code == 200, path
