"""Fetching a member's works from DBLP, OpenAlex and ORCID, completed by Crossref and arXiv, to
import them for review.

The sources are asked with the identifiers on the member's profile; what they send goes through
the same readers and the same `ImportRun` as a file, as pending publications. What a source
lists for an identifier staff confirmed is the member's list, linked to them; for one the member
typed themselves, the link is only proposed to staff (a member may type anyone's). Papers
some source describes without venue, date, abstract or full author list are then asked of
Crossref (by DOI) and arXiv (by arXiv id), whose records complete them as the import merges.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.history import recorded_as
from core.identifiers import normalise_arxiv_id, normalise_doi
from members.models import Member

from ..models import Publication, ReviewStatus
from . import sources
from .http import ARXIV, CROSSREF, DBLP, OPENALEX, ORCID, Api, FetchError, HarvestClient
from .readers import ParsedFile, UnreadableFile
from .records import PublicationEntry
from .report import ImportReport
from .run import ImportRun

# Crossref and arXiv lookups per harvest at most: a prolific member's first harvest completes
# this many papers, the next ones the rest.
MAX_LOOKUPS = 300
# A paper asked of Crossref or arXiv is not asked again for this long (through the cache).
LOOKUP_AGAIN_AFTER_SECONDS = 30 * 24 * 3600
# What Crossref and arXiv are asked to complete.
COMPLETED_FIELDS = ("venue", "publication_date", "abstract")


@dataclass(frozen=True)
class Source:
    """A public API that lists a person's works, and the profile field that names them there."""

    api: Api
    profile_field: str
    read: Callable[[HarvestClient, str], ParsedFile]

    @property
    def name(self) -> str:
        return self.api.label


SOURCES = (
    Source(DBLP, "dblp_pid", sources.dblp_works),
    Source(OPENALEX, "openalex_id", sources.openalex_works),
    Source(ORCID, "orcid", lambda client, orcid_id: sources.OrcidWorks(client, orcid_id).read()),
)
# The steps of a harvest after the sources: the two that complete what they lack.
COMPLETING = (CROSSREF, ARXIV)


@dataclass
class HarvestReport:
    """What each source gave (or why it gave nothing), and what the import did with it."""

    member: Member
    # (source name, number of works read) for each source that answered.
    read: list[tuple[str, int]] = field(default_factory=list)
    # (source name, reason) for each source that failed; the others are imported regardless.
    failures: list[tuple[str, str]] = field(default_factory=list)
    # The sources the profile gives no identifier for.
    not_asked: list[str] = field(default_factory=list)
    unreadable_works: list[tuple[str, str]] = field(default_factory=list)
    imported: ImportReport = field(default_factory=ImportReport)

    def failure_messages(self) -> list[str]:
        return [
            _("%(source)s: %(reason)s.") % {"source": source, "reason": reason}
            for source, reason in self.failures
        ]


def _no_progress(**fields):
    pass


class Harvest:
    """One harvest of one member: each source asked in turn, the papers they leave incomplete
    asked of Crossref and arXiv, everything imported as pending. `progress(**fields)` hears of
    each request and step (progress_done, progress_total, progress_unit): the job's heartbeat."""

    def __init__(self, member: Member, *, client: HarvestClient | None = None, progress=None):
        self.member = member
        self.progress = progress or _no_progress
        self.client = client or HarvestClient(on_request=self.progress)
        self.report = HarvestReport(member=member)

    @recorded_as("harvest")
    def run(self) -> HarvestReport:
        asked = [s for s in SOURCES if getattr(self.member, s.profile_field)]
        self.report.not_asked = [s.name for s in SOURCES if s not in asked]
        steps = len(asked) + len(COMPLETING) if asked else 0
        self._step(0, steps)
        lists: list[tuple[Source, list[PublicationEntry]]] = []
        for done, source in enumerate(asked, start=1):
            lists.append((source, self._read(source)))
            self._step(done, steps)
        entries = [entry for _source, listed in lists for entry in listed]
        completing = self._complete(entries, done=len(asked), steps=steps) if entries else []
        total = len(entries) + len(completing)
        self.progress(progress_done=0, progress_total=total, progress_unit="entries")
        run = ImportRun(
            status=ReviewStatus.PENDING, progress=lambda read: self.progress(progress_done=read)
        )
        for source, listed in lists:
            field_name = source.profile_field
            run.as_list_of(
                self.member,
                confirmed=getattr(self.member, f"{field_name}_confirmed"),
                evidence={"through": field_name, "value": getattr(self.member, field_name)},
            )
            run.run(listed)
        # Crossref and arXiv complete papers; they say nothing of whose they are.
        run.member = run.proposed_member = None
        self.report.imported = run.run(completing)
        return self.report

    def _step(self, done: int, total: int):
        self.progress(progress_done=done, progress_total=total, progress_unit="sources")

    def _read(self, source: Source) -> list[PublicationEntry]:
        identifier = getattr(self.member, source.profile_field)
        try:
            self.member._meta.get_field(source.profile_field).run_validators(identifier)
        except ValidationError:
            # Saved before the field was checked: never put it in the source's address.
            self.report.failures.append(
                (
                    source.name,
                    _("the identifier on the profile, “%(identifier)s”, is not valid")
                    % {"identifier": identifier},
                )
            )
            return []
        holder = Member.objects.filter(
            **{source.profile_field: identifier, f"{source.profile_field}_confirmed": True}
        ).exclude(pk=self.member.pk)
        if not getattr(self.member, f"{source.profile_field}_confirmed") and holder.exists():
            # Typed by the member, confirmed as another member's: not theirs to harvest.
            self.report.failures.append(
                (source.name, _("the identifier on the profile is confirmed as another member's"))
            )
            return []
        try:
            parsed = source.read(self.client, identifier)
        except FetchError as error:
            self.report.failures.append((source.name, str(error)))
            return []
        except UnreadableFile as error:
            self.report.failures.append(
                (source.name, _("the answer could not be read (%(reason)s)") % {"reason": error})
            )
            return []
        self.report.read.append((source.name, len(parsed.entries)))
        self.report.unreadable_works.extend(
            (f"{source.name} {label}", reason) for label, reason in parsed.errors
        )
        return parsed.entries

    # --- Completing what the sources lack ---------------------------------------------------

    def _complete(self, entries, *, done: int, steps: int) -> list[PublicationEntry]:
        dois = self._to_ask(_papers(entries), "doi", CROSSREF)
        found = self._lookup(CROSSREF, dois, self._ask_crossref, per_request=1)
        self._step(done + 1, steps)
        arxiv_ids = self._to_ask(_papers([*entries, *found]), "arxiv_id", ARXIV)
        preprints = self._lookup(
            ARXIV, arxiv_ids, self._ask_arxiv, per_request=sources.ARXIV_IDS_PER_REQUEST
        )
        self._step(done + 2, steps)
        return [*found, *preprints]

    def _ask_crossref(self, dois: list[str]) -> list[PublicationEntry]:
        return [entry for doi in dois if (entry := sources.crossref_work(self.client, doi))]

    def _ask_arxiv(self, arxiv_ids: list[str]) -> list[PublicationEntry]:
        return sources.arxiv_works(self.client, arxiv_ids).entries

    def _lookup(self, api: Api, values: list[str], ask, *, per_request: int):
        """What `api` says of `values` (DOIs or arXiv ids), asked one or a batch at a time; the
        failed lookups reported together, the answered ones not asked again for a while."""
        if not values:
            return []
        found, answered, failures = [], [], []
        for chunk in sources.batched(values, per_request):
            try:
                found.extend(ask(chunk))
            except (FetchError, UnreadableFile) as error:
                failures.append((len(chunk), str(error)))
                continue
            answered.extend(chunk)
        if answered:
            self.report.read.append((api.label, len(found)))
            cache.set_many(
                {f"harvest-asked:{api.key}:{value}": 1 for value in answered},
                LOOKUP_AGAIN_AFTER_SECONDS,
            )
        if failures:
            self.report.failures.append(
                (
                    api.label,
                    _("%(failed)d of %(asked)d lookups failed (%(reason)s)")
                    % {
                        "failed": sum(count for count, _reason in failures),
                        "asked": len(values),
                        "reason": failures[0][1],
                    },
                )
            )
        return found

    def _to_ask(self, papers: list[list[PublicationEntry]], name: str, api: Api) -> list[str]:
        """The identifiers (`name`) of the papers still lacking something that `api` may
        complete: not complete in the database already, not asked lately."""
        wanted = {}
        for paper in papers:
            value = next((getattr(e, name) for e in paper if getattr(e, name)), "")
            if value and _lacking(paper):
                wanted[value] = None
        if not wanted:
            return []
        complete = Publication.objects.filter(
            Q(**{f"{name}__in": list(wanted)}) & ~Q(**{name: ""}),
            authors_complete=True,
            publication_date__isnull=False,
        ).exclude(Q(venue="") | Q(abstract=""))
        for value in complete.values_list(name, flat=True):
            wanted.pop(value, None)
        asked_lately = cache.get_many([f"harvest-asked:{api.key}:{value}" for value in wanted])
        values = [v for v in wanted if f"harvest-asked:{api.key}:{v}" not in asked_lately]
        return values[:MAX_LOOKUPS]


def _identifiers(entry: PublicationEntry) -> list[str]:
    doi = normalise_doi(entry.doi)
    arxiv_id = normalise_arxiv_id(entry.arxiv_id)
    if doi.startswith("10.48550/arxiv."):
        # arXiv's own DOI only repeats the arXiv id.
        arxiv_id, doi = arxiv_id or normalise_arxiv_id(doi.removeprefix("10.48550/arxiv.")), ""
    entry.doi, entry.arxiv_id = doi, arxiv_id
    return [f"doi:{doi}" if doi else "", f"arxiv:{arxiv_id}" if arxiv_id else ""]


def _papers(entries: list[PublicationEntry]) -> list[list[PublicationEntry]]:
    """`entries` grouped by paper: entries sharing a DOI or an arXiv id describe one paper."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keyed = []
    for entry in entries:
        keys = [key for key in _identifiers(entry) if key]
        for key in keys:
            parent.setdefault(key, key)
        for key in keys[1:]:
            parent[root(key)] = root(keys[0])
        keyed.append((entry, keys))
    papers: dict[str, list[PublicationEntry]] = {}
    for entry, keys in keyed:
        if keys:
            papers.setdefault(root(keys[0]), []).append(entry)
    return list(papers.values())


def _lacking(paper: list[PublicationEntry]) -> bool:
    """Whether no entry of `paper` gives some field Crossref or arXiv could fill in."""
    if not any(entry.authors and entry.authors_complete for entry in paper):
        return True
    return any(not any(getattr(entry, name) for entry in paper) for name in COMPLETED_FIELDS)


def harvest_member(*, member: Member, client: HarvestClient | None = None) -> HarvestReport:
    """Fetch `member`'s works from every source their profile names and import them as pending.

    A source that fails is reported and the others still count; nothing a harvest brings is
    shown to visitors before staff approve it, and papers staff rejected stay out.
    """
    return Harvest(member, client=client).run()
