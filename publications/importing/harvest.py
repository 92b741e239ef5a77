"""Fetching a member's works from DBLP, ORCID and OpenAlex, to import them for review.

The sources are asked with the identifiers on the member's profile; what they send goes through
the same readers and the same `import_publications` as a file, as pending publications.
"""

import http.client
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.history import recorded_as
from members.models import Member

from ..models import ReviewStatus
from .readers import UnreadableFile, parse
from .records import PublicationEntry
from .report import ImportReport
from .run import import_publications

TIMEOUT_SECONDS = 20
# A person's works list is well under this; more is not a works list.
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
USER_AGENT = "institute-member-directory (publication harvest)"


@dataclass(frozen=True)
class Source:
    """A public API that lists a person's works, and the profile field that names them there."""

    name: str
    format: str
    profile_field: str
    url_template: str
    accept: str

    def url(self, identifier: str) -> str:
        return self.url_template.format(quote(identifier, safe="/"))


SOURCES = (
    Source("DBLP", "dblp", "dblp_pid", "https://dblp.org/pid/{}.xml", "application/xml"),
    Source(
        "OpenAlex",
        "openalex",
        "openalex_id",
        "https://api.openalex.org/works?filter=author.id:{}&per-page=200",
        "application/json",
    ),
    Source("ORCID", "orcid", "orcid", "https://pub.orcid.org/v3.0/{}/works", "application/json"),
)


class FetchError(Exception):
    """A source could not be read; the message says why, for staff."""


def fetch_url(url: str, *, accept: str) -> bytes:
    """The body at `url`, or FetchError with a reason staff can act on."""
    request = urllib.request.Request(url, headers={"Accept": accept, "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(
            _("the server answered with error %(code)s") % {"code": error.code}
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchError(_("no answer within %(seconds)s seconds") % _timeout()) from None
        raise FetchError(
            _("could not be reached (%(reason)s)") % {"reason": error.reason}
        ) from None
    except TimeoutError:
        raise FetchError(_("no answer within %(seconds)s seconds") % _timeout()) from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(_("the connection failed (%(reason)s)") % {"reason": error}) from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise FetchError(_("the answer is too large to be a list of works"))
    return body


def _timeout() -> dict:
    return {"seconds": TIMEOUT_SECONDS}


@dataclass
class HarvestReport:
    """What each source gave (or why it gave nothing), and what the import did with it."""

    member: Member
    # (source name, number of works read) for each source that answered.
    read: list[tuple[str, int]] = field(default_factory=list)
    # (source name, reason) for each source that failed; the others are imported regardless.
    failures: list[tuple[str, str]] = field(default_factory=list)
    # (source name, identifier field) the profile does not fill in.
    not_asked: list[str] = field(default_factory=list)
    unreadable_works: list[tuple[str, str]] = field(default_factory=list)
    imported: ImportReport = field(default_factory=ImportReport)

    def failure_messages(self) -> list[str]:
        return [
            _("%(source)s: %(reason)s.") % {"source": source, "reason": reason}
            for source, reason in self.failures
        ]


@recorded_as("harvest")
def harvest_member(
    *, member: Member, fetch: Callable[..., bytes] | None = None, sources=SOURCES
) -> HarvestReport:
    """Fetch `member`'s works from every source their profile names and import them as pending.

    A source that fails is reported and the others still count; nothing a harvest brings is
    shown to visitors before staff approve it, and papers staff rejected stay out. `fetch`
    (url, accept=...) -> bytes replaces the network, for tests.
    """
    fetch = fetch or fetch_url
    report = HarvestReport(member=member)
    entries: list[PublicationEntry] = []
    for source in sources:
        identifier = getattr(member, source.profile_field)
        if not identifier:
            report.not_asked.append(source.name)
            continue
        try:
            member._meta.get_field(source.profile_field).run_validators(identifier)
        except ValidationError:
            # Saved before the field was checked: never put it in the source's address.
            report.failures.append(
                (
                    source.name,
                    _("the identifier on the profile, “%(identifier)s”, is not valid")
                    % {"identifier": identifier},
                )
            )
            continue
        try:
            parsed = parse(
                fetch(source.url(identifier), accept=source.accept), format=source.format
            )
        except FetchError as error:
            report.failures.append((source.name, str(error)))
            continue
        except UnreadableFile as error:
            report.failures.append(
                (source.name, _("the answer could not be read (%(reason)s)") % {"reason": error})
            )
            continue
        report.read.append((source.name, len(parsed.entries)))
        report.unreadable_works.extend(
            (f"{source.name} {label}", reason) for label, reason in parsed.errors
        )
        entries.extend(parsed.entries)
    report.imported = import_publications(
        entries=entries, member=member, status=ReviewStatus.PENDING
    )
    return report
