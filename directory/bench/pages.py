"""The pages `bench` measures: every public page and every admin page staff use, chosen on
whatever database is loaded (the most prolific member, the commonest topics, real words)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse

from directory.sitemaps import SITEMAPS
from members.models import Member, MembershipType, Organisation, ResearchTopic
from publications.models import Authorship, Publication, ReviewStatus


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    # Staff pages are requested signed in, and never come from the page cache.
    staff: bool = False
    # A download read chunk by chunk: its first byte is timed too.
    streamed: bool = False


def public_pages() -> list[Page]:
    directory = reverse("members:directory")
    topics = list(ResearchTopic.objects.annotate(n=Count("members")).order_by("-n")[:2])
    kind = MembershipType.objects.first()
    family = Member.objects.public().values_list("family_name", flat=True).first()
    prolific = most_prolific_member()
    paper = Publication.objects.for_profile(prolific, _Anonymous()).first()
    word = Publication.objects.public().values_list("title", flat=True).first() or "x"
    word = max(word.split(), key=len)
    publications = reverse("publications:list")
    pages = [
        Page("directory", directory),
        Page(
            "directory, two topics", f"{directory}?topic={topics[0].slug}&topic={topics[-1].slug}"
        ),
        Page("directory, membership type", f"{directory}?type={kind.slug}"),
        Page("directory, name search", f"{directory}?q={family}"),
        Page("directory, deep page", f"{directory}?page=1000"),
        Page("profile, most publications", prolific.get_absolute_url()),
        Page("profile, deep publication page", f"{prolific.get_absolute_url()}?page=100"),
        Page(
            "member BibTeX, most publications",
            reverse("members:bibtex", args=[prolific.slug]),
            streamed=True,
        ),
        Page("member feed", reverse("members:feed", args=[prolific.slug])),
        Page("topic list", reverse("members:topics")),
        Page("topic page", topics[0].get_absolute_url()),
        Page("topic feed", reverse("members:topic_feed", args=[topics[0].slug])),
        Page("publication list", publications),
        Page("publication list, deep page", f"{publications}?page=50"),
        Page("publication search", f"{publications}?q={word}"),
        Page("publication list, by member", f"{publications}?member={prolific.slug}"),
        Page("publication list, by topic", f"{publications}?topic={topics[0].slug}"),
        Page("publication page", paper.get_absolute_url()),
        Page("publication RIS", reverse("publications:ris", args=[paper.slug])),
        Page("publication CSL-JSON", reverse("publications:csl_json", args=[paper.slug])),
        Page(
            "expert finder, an abstract",
            f"{reverse('members:experts')}?{urlencode({'q': paper.abstract or word})}",
        ),
        *expert_finder_pages(topics, paper.abstract or word),
        Page("co-author network", reverse("members:network", args=[prolific.slug])),
        Page("API, members", "/api/v1/members/"),
        Page("API, publications", "/api/v1/publications/"),
        Page("publication BibTeX", reverse("publications:bibtex", args=[paper.slug])),
        Page("publications feed", reverse("publications:feed")),
        Page("sign-in page", reverse("members:login")),
        Page("robots.txt", reverse("robots")),
        Page("sitemap index", reverse("sitemap")),
    ]
    for section, sitemap in SITEMAPS.items():
        url = reverse("sitemap-section", kwargs={"section": section})
        pages.append(Page(f"sitemap {section}", url))
        last = sitemap().paginator.num_pages
        if last > 1:
            pages.append(Page(f"sitemap {section}, last page", f"{url}?p={last}"))
    return pages


def staff_pages() -> list[Page]:
    member = most_prolific_member()
    paper = Publication.objects.for_profile(member, _Anonymous()).first()
    authorship = Authorship.objects.filter(member=member).first()
    topic = ResearchTopic.objects.order_by("pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    kind = MembershipType.objects.first()
    word = "learning"
    pages = [Page("admin index", reverse("admin:index"), staff=True)]
    for model in admin.site._registry:
        opts = model._meta
        label = f"admin {opts.model_name}s"
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        pages.append(Page(label, changelist, staff=True))
    changelist = "admin:{}_changelist".format
    members = reverse(changelist("members_member"))
    publications = reverse(changelist("publications_publication"))
    authorships = reverse(changelist("publications_authorship"))
    topics = reverse(changelist("members_researchtopic"))
    searches = [
        ("admin members, name search", f"{members}?q={member.family_name}"),
        ("admin members, by topic", f"{members}?research_topics__id__exact={topic.pk}"),
        ("admin members, by organisation", f"{members}?organisation__id__exact={organisation.pk}"),
        (
            "admin members, by type, unpublished",
            f"{members}?membership_type__id__exact={kind.pk}&is_published__exact=0",
        ),
        ("admin members, deep page", f"{members}?p=400"),
        ("admin topics, search", f"{topics}?q={topic.name[:4]}"),
        ("admin publications, word search", f"{publications}?q={word}"),
        ("admin publications, DOI search", f"{publications}?q={paper.doi or '10.5555/x.1'}"),
        ("admin publications, title search", f"{publications}?q={paper.title}"),
        ("admin publications, author search", f"{publications}?q={member.family_name}"),
        (
            "admin publications, review list",
            f"{publications}?review_status__exact={ReviewStatus.PENDING}",
        ),
        ("admin publications, by year", f"{publications}?year=2020"),
        ("admin publications, by topic", f"{publications}?topics__id__exact={topic.pk}"),
        ("admin publications, deep page", f"{publications}?p=2000"),
        ("admin authorships, name search", f"{authorships}?q={member.family_name}"),
        ("admin authorships, word search", f"{authorships}?q={word}"),
        ("admin authorships, featured", f"{authorships}?featured__exact=1"),
        ("admin authorships, deep page", f"{authorships}?p=2000"),
    ]
    pages += [Page(name, url, staff=True) for name, url in searches]
    change = "admin:{}_change".format
    history = "admin:{}_history".format
    forms = [
        ("admin member form", reverse(change("members_member"), args=[member.pk])),
        ("admin new member form", reverse("admin:members_member_add")),
        ("admin member history", reverse(history("members_member"), args=[member.pk])),
        ("admin topic form", reverse(change("members_researchtopic"), args=[topic.pk])),
        (
            "admin organisation form",
            reverse(change("members_organisation"), args=[organisation.pk]),
        ),
        ("admin membership type form", reverse(change("members_membershiptype"), args=[kind.pk])),
        ("admin publication form", reverse(change("publications_publication"), args=[paper.pk])),
        ("admin new publication form", reverse("admin:publications_publication_add")),
        (
            "admin publication history",
            reverse(history("publications_publication"), args=[paper.pk]),
        ),
        ("admin authorship form", reverse(change("publications_authorship"), args=[authorship.pk])),
        (
            "admin authorship history",
            reverse(history("publications_authorship"), args=[authorship.pk]),
        ),
        ("admin import page", reverse("admin:publications_publication_import")),
        (
            "admin member autocomplete",
            _autocomplete("publications", "authorship", "member", member.family_name),
        ),
        (
            "admin publication autocomplete",
            _autocomplete("publications", "authorship", "publication", word),
        ),
        (
            "admin topic autocomplete",
            _autocomplete("members", "member", "research_topics", topic.name[:4]),
        ),
    ]
    pages += [Page(name, url, staff=True) for name, url in forms]
    return pages


def expert_finder_pages(topics, abstract: str) -> list[Page]:
    """The expert finder asked as visitors ask it: a few words in French, a few in English,
    and a paste far longer than the form sends (the server reads its beginning)."""
    finder = reverse("members:experts")
    french = f"{topics[0].name_fr} et méthodes"
    english = f"{topics[-1].name_en or topics[-1].name_fr} methods"
    paste = (f"{abstract} " * (20_000 // (len(abstract) + 1) + 1))[:20_000]
    return [
        Page("expert finder, a few French words", f"{finder}?{urlencode({'q': french})}"),
        Page("expert finder, a few English words", f"{finder}?{urlencode({'q': english})}"),
        Page("expert finder, a 20,000-character paste", f"{finder}?{urlencode({'q': paste})}"),
    ]


def most_prolific_member() -> Member:
    """The published member with the most authorships: the longest profile and BibTeX."""
    return Member.objects.public().annotate(n=Count("authorships")).order_by("-n").first()


def _autocomplete(app_label, model_name, field_name, term) -> str:
    return (
        f"{reverse('admin:autocomplete')}?app_label={app_label}&model_name={model_name}"
        f"&field_name={field_name}&term={term}"
    )


class _Anonymous:
    """A visitor who is not signed in, for the selectors that take a user."""

    is_authenticated = False
    is_staff = False
