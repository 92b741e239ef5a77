"""Members of the institute: their profiles, portraits and identifiers."""

from functools import partial

from django.conf import settings
from django.contrib.postgres.indexes import OpClass
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.database import LongNameIndex, PostgreSQLOnlyGinIndex, PostgreSQLOnlyIndex
from core.identifiers import AUTHOR_IDENTIFIERS
from core.text import fold, unique_slug
from core.urls import reverse_slug
from core.web import WebAddressField

from .. import images
from ..validators import (
    validate_dblp_pid,
    validate_github_username,
    validate_google_scholar_id,
    validate_openalex_author_id,
    validate_orcid,
)
from .querysets import MemberQuerySet
from .reference import MembershipType, Organisation, ResearchTopic, slug_is_well_formed


def confirmed_flag(label):
    return models.BooleanField(
        label,
        default=False,
        help_text=_(
            "Set by staff: only a confirmed identifier links publications to this member. "
            "One the member types on their own page waits for staff."
        ),
    )


# Each identifier that links authorships, and the flag saying staff confirmed it.
IDENTIFIER_CONFIRMED = {kind: f"{kind}_confirmed" for kind in AUTHOR_IDENTIFIERS}


def confirmed_identifier_unique(kind: str):
    """One member at most holds a confirmed `kind`; unconfirmed copies (typed by members) may
    repeat, since they link nothing."""
    return models.UniqueConstraint(
        fields=[kind],
        condition=~Q(**{kind: ""}) & Q(**{IDENTIFIER_CONFIRMED[kind]: True}),
        name=f"member_{kind.removesuffix('_id').removesuffix('_pid')}_unique",
    )


# The translated texts of a profile whose missing translations staff look for
# (members.completeness), and their languages.
TRANSLATION_CHECKED = ("bio", "position_title")
TRANSLATION_LANGUAGES = ("fr", "en")


def blank(column: str) -> Q:
    """`column` empty (NULL or ""): the condition of the indexes of missing translations,
    which PostgreSQL uses only for a query that writes it the same way."""
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


class Member(models.Model):
    """A person who belongs to the institute and has a public profile."""

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The profile's address; set once from the name and kept when it changes."),
    )
    portrait = models.ImageField(
        _("portrait"),
        upload_to=images.portrait_upload_to,
        blank=True,
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB and 40 megapixels."),
    )
    # Square copies made by save(): what cards and profiles show, never the upload itself.
    portrait_small = models.ImageField(_("small portrait"), blank=True, editable=False)
    portrait_medium = models.ImageField(_("medium portrait"), blank=True, editable=False)
    portrait_alt = models.CharField(
        _("portrait description"),
        max_length=200,
        blank=True,
        help_text=_("Read by screen readers; “Portrait of …” is used when empty."),
    )
    membership_type = models.ForeignKey(
        MembershipType,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("membership type"),
    )
    position_title = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    bio = models.TextField(_("biography"), blank=True)
    research_topics = models.ManyToManyField(
        ResearchTopic,
        through="MemberResearchTopic",
        related_name="members",
        blank=True,
        verbose_name=_("research topics"),
    )

    website = WebAddressField(_("web site"), blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text=_("For example 0000-0002-1825-0097."),
    )
    google_scholar_id = models.CharField(
        _("Google Scholar id"), max_length=12, blank=True, validators=[validate_google_scholar_id]
    )
    dblp_pid = models.CharField(
        _("DBLP person id"), max_length=80, blank=True, validators=[validate_dblp_pid]
    )
    openalex_id = models.CharField(
        _("OpenAlex author id"),
        max_length=20,
        blank=True,
        validators=[validate_openalex_author_id],
    )
    github_username = models.CharField(
        _("GitHub user name"), max_length=39, blank=True, validators=[validate_github_username]
    )
    # Whether staff vouch for each identifier that links authorships (see IDENTIFIER_CONFIRMED):
    # one a member typed on their own page links nothing until staff confirm it.
    orcid_confirmed = confirmed_flag(_("ORCID iD confirmed"))
    dblp_pid_confirmed = confirmed_flag(_("DBLP person id confirmed"))
    openalex_id_confirmed = confirmed_flag(_("OpenAlex author id confirmed"))

    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished profiles are hidden from visitors.")
    )
    # The account that may edit this profile on the public site ("my profile").
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("account"),
        help_text=_("The account with which this member signs in to edit their own profile."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Accent-folded copies kept by save(): alphabetical order and name search that behave the
    # same on SQLite and PostgreSQL ("Émile" sorts with E, "joao" finds "João").
    sort_name = models.CharField(max_length=201, editable=False)
    search_name = models.CharField(max_length=201, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ("sort_name", "pk")
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            slug_is_well_formed("member_slug_well_formed"),
            *(confirmed_identifier_unique(kind) for kind in AUTHOR_IDENTIFIERS),
        ]
        # Chosen with EXPLAIN ANALYZE at 100,000 members (docs/performance.md).
        indexes = [
            # The directory in its order: any page is a short index scan, not a sort of all.
            models.Index(
                fields=["sort_name", "id"],
                condition=Q(is_published=True),
                name="member_public_sort_idx",
            ),
            # The directory of one membership type: its count of up to 2,401 members and its
            # pages from the index, where a scan of the table read 4,600 pages first (9 ms,
            # then 0.6).
            models.Index(
                fields=["membership_type", "sort_name", "id"],
                condition=Q(is_published=True),
                name="member_public_type_sort_idx",
            ),
            # Every member in that order, for the admin: page 400 reads 20,000 entries of this
            # index, not 20,000 rows to sort their ids (50 ms, then 5).
            models.Index(fields=["sort_name", "id"], name="member_sort_idx"),
            # Author matching looks members up by the start of their name.
            PostgreSQLOnlyIndex(
                OpClass(F("sort_name"), name="varchar_pattern_ops"),
                name="member_sort_name_prefix_idx",
            ),
            # A topic's few hundred members checked as published and sorted by name from this
            # index, not from a heap page each (the topic page: 3 ms, then 1).
            PostgreSQLOnlyIndex(
                fields=["id"],
                include=["sort_name"],
                condition=Q(is_published=True),
                name="member_public_sort_key_idx",
            ),
            # Name search ("%pascanu%" and typo-tolerant %>) reads trigrams of the folded name.
            PostgreSQLOnlyGinIndex(
                OpClass(F("search_name"), name="gin_trgm_ops"),
                name="member_search_name_trgm_idx",
            ),
            # The published profiles missing a translation, which the admin counts
            # (members.completeness): a few index entries each, where counting them read every
            # member (82 ms at 100,000).
            *(
                LongNameIndex(
                    fields=["id"],
                    condition=Q(is_published=True) & blank(f"{field}_{language}"),
                    name=f"member_public_no_{field}_{language}_idx",
                )
                for field in TRANSLATION_CHECKED
                for language in TRANSLATION_LANGUAGES
            ),
            # Harvests and author matching look members up by their DBLP and OpenAlex ids;
            # most members have neither, so only the filled ones are indexed.
            models.Index(
                fields=["dblp_pid"], condition=~Q(dblp_pid=""), name="member_dblp_pid_idx"
            ),
            models.Index(
                fields=["openalex_id"],
                condition=~Q(openalex_id=""),
                name="member_openalex_id_idx",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.sort_name = fold(f"{self.family_name} {self.given_name}")
        self.search_name = fold(f"{self.given_name} {self.family_name}")
        if not self.slug:
            self.slug = unique_slug(Member, self.full_name)
        update_fields = kwargs.get("update_fields")
        portrait_may_change = update_fields is None or "portrait" in update_fields
        stored_before = self._stored_portrait_files() if portrait_may_change else set()
        if portrait_may_change:
            self._make_portrait_copies()
        if update_fields is not None:
            derived = {"sort_name", "search_name"}
            if "portrait" in update_fields:
                derived |= {"portrait_small", "portrait_medium"}
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)
        replaced = stored_before - self._portrait_files()
        if replaced:
            # Only once the new names are committed: a rolled-back save still needs the old files.
            transaction.on_commit(partial(delete_unused_portrait_files, replaced))

    def get_absolute_url(self):
        return reverse_slug("members:profile", self.slug)

    def _portrait_files(self) -> set[str]:
        """The names of the portrait and its copies this member refers to."""
        files = (self.portrait, self.portrait_small, self.portrait_medium)
        return {file.name for file in files if file}

    def _stored_portrait_files(self) -> set[str]:
        """The names of the portrait files the stored record refers to, before this save."""
        if self._state.adding or self.pk is None:
            return set()
        stored = (
            Member.objects.filter(pk=self.pk)
            .values_list("portrait", "portrait_small", "portrait_medium")
            .first()
        )
        return {name for name in stored or () if name}

    def _make_portrait_copies(self):
        """Make the square copies when the portrait changed; drop them when it was removed."""
        if not self.portrait:
            self.portrait_small = self.portrait_medium = ""
            return
        if not self.portrait._committed:
            # A new upload: store it first so that the copies are named after its final name.
            self.portrait.save(self.portrait.name, self.portrait.file, save=False)
        for field_name, size in (
            ("portrait_small", images.THUMBNAIL_SIZES["small"]),
            ("portrait_medium", images.THUMBNAIL_SIZES["medium"]),
        ):
            copy = getattr(self, field_name)
            name = images.thumbnail_name(self.portrait.name, size)
            if copy.name == name:
                continue
            try:
                square = images.thumbnail(self.portrait, size)
            except OSError:
                # The stored file is missing or unreadable: the pages fall back to the portrait.
                setattr(self, field_name, "")
                continue
            if copy.storage.exists(name):
                copy.storage.delete(name)
            copy.save(name, square, save=False)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in (self.given_name, self.family_name) if part).upper()

    @property
    def portrait_description(self) -> str:
        # No fallback to the other language: a French description would be read out in English.
        written = getattr(self, f"portrait_alt_{get_language()}", None) or ""
        return written or _("Portrait of %(name)s") % {"name": self.full_name}

    @property
    def card_portrait_url(self) -> str:
        return (self.portrait_small or self.portrait).url if self.portrait else ""

    @property
    def profile_portrait_url(self) -> str:
        return (self.portrait_medium or self.portrait).url if self.portrait else ""

    @property
    def orcid_url(self) -> str:
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    @property
    def google_scholar_url(self) -> str:
        if not self.google_scholar_id:
            return ""
        return f"https://scholar.google.com/citations?user={self.google_scholar_id}"

    @property
    def dblp_url(self) -> str:
        return f"https://dblp.org/pid/{self.dblp_pid}.html" if self.dblp_pid else ""

    @property
    def github_url(self) -> str:
        return f"https://github.com/{self.github_username}" if self.github_username else ""

    def clean(self):
        # Filled here too so that form validation checks the slug save() would store.
        if not self.slug:
            self.slug = unique_slug(Member, self.full_name)
        errors = {}
        for kind, flag in IDENTIFIER_CONFIRMED.items():
            value = getattr(self, kind)
            holder = value and (
                Member.objects.filter(**{kind: value, flag: True}).exclude(pk=self.pk).first()
            )
            if holder:
                errors[kind] = _(
                    "%(name)s already has this identifier, confirmed by staff; ask them if it "
                    "is yours."
                ) % {"name": holder}
        if errors:
            raise ValidationError(errors)

    def confirmed_identifiers(self) -> dict[str, str]:
        """The identifiers staff vouch for, by kind: those that link authorships by themselves."""
        return {
            kind: getattr(self, kind)
            for kind, flag in IDENTIFIER_CONFIRMED.items()
            if getattr(self, kind) and getattr(self, flag)
        }


def delete_unused_portrait_files(names: set[str]) -> None:
    """Delete the portrait files among `names` that no member refers to any more: the original
    and the copies of a portrait that was replaced or removed."""
    fields = ("portrait", "portrait_small", "portrait_medium")
    referring = Member.objects.filter(
        Q(portrait__in=names) | Q(portrait_small__in=names) | Q(portrait_medium__in=names)
    ).values_list(*fields)
    in_use = {name for row in referring for name in row}
    storage = Member._meta.get_field("portrait").storage
    for name in names - in_use:
        storage.delete(name)
