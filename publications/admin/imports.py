"""The admin's import page: upload a publication list, see what importing it would do, then
confirm. The file is stored with an import job and read by a worker; the page follows the job
(it refreshes itself, no JavaScript needed) and offers the confirmation once the preview is
ready."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.jobs import JobStatus, replace_if_broken
from members.models import Member

from ..jobs import confirm_import, start_import
from ..runs import ImportJob, ImportStage

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# How often the page of a job still running reloads itself, in seconds.
REFRESH_SECONDS = 2
FORMAT_CHOICES = [
    ("", _("Guess from the file")),
    ("bibtex", "BibTeX"),
    ("dblp", _("DBLP person XML")),
    ("openalex", _("OpenAlex works JSON")),
    ("orcid", _("ORCID works JSON")),
    ("crossref", _("Crossref works JSON")),
    ("arxiv", _("arXiv Atom feed")),
]


class PublicationImportForm(forms.Form):
    """A publication list file to preview, then import."""

    file = forms.FileField(
        label=_("file"),
        help_text=_(
            "BibTeX (.bib), DBLP person XML, OpenAlex, ORCID or Crossref works JSON, arXiv "
            "Atom; 5 MB at most."
        ),
    )
    format = forms.ChoiceField(label=_("format"), required=False, choices=FORMAT_CHOICES)
    member = forms.ModelChoiceField(
        label=_("member"),
        required=False,
        queryset=Member.objects.all(),
        help_text=_("The member whose publication list this is, if any."),
    )
    # Without JavaScript the member search cannot run: the profile's address names them.
    member_slug = forms.SlugField(
        label=_("member's address (slug)"),
        required=False,
        help_text=_("Without JavaScript: the last part of the member's profile address."),
    )
    approve = forms.BooleanField(
        label=_("approve directly"),
        required=False,
        initial=True,
        help_text=_("Untick to leave the new publications pending review."),
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # Searched as staff type: a page of a few kilobytes however many members there are.
        member = self.fields["member"]
        member.widget = AutocompleteSelect(ImportJob._meta.get_field("member"), admin_site)
        member.widget.choices = member.choices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("member_slug")
        if slug and not cleaned.get("member"):
            cleaned["member"] = Member.objects.filter(slug=slug).first()
            if cleaned["member"] is None:
                self.add_error("member_slug", _("No member has this address."))
        return cleaned


class ImportViewMixin:
    """The import pages of the publication admin: `import/` (upload), `import/<id>/` (the
    job: progress, preview, result) and `import/<id>/confirm/`."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="publications_publication_import"),
            path(
                "import/<int:job_id>/",
                view(self.import_job_view),
                name="publications_publication_import_job",
            ),
            path(
                "import/<int:job_id>/confirm/",
                view(self.import_confirm_view),
                name="publications_publication_import_confirm",
            ),
            *super().get_urls(),
        ]

    def _import_context(self, request, **extra):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import publications"),
            **extra,
        }

    def import_view(self, request):
        """Upload a file; its preview is prepared in the background."""
        context = self._import_context(request)
        form = PublicationImportForm(
            request.POST or None, request.FILES or None, admin_site=self.admin_site
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                job = start_import(
                    upload=data["file"],
                    file_format=data["format"],
                    member=data["member"],
                    approve=data["approve"],
                    started_by=request.user,
                )
            except DatabaseError as error:
                logger.warning("Import upload not stored: %s", error)
                # A connection lost for good is replaced, so that the page itself can be drawn.
                replace_if_broken(connection)
                self.message_user(
                    request,
                    _(
                        "The database cannot be reached: nothing was saved. Upload the file "
                        "again once it is back."
                    ),
                    messages.ERROR,
                )
            else:
                return HttpResponseRedirect(
                    reverse("admin:publications_publication_import_job", args=[job.pk])
                )
        context["form"] = form
        context["media"] = self.media + form.media
        return TemplateResponse(request, "admin/publications/publication/import.html", context)

    def import_job_view(self, request, job_id):
        """Where the job stands: reading the file, its preview to confirm, or its result."""
        job = get_object_or_404(ImportJob.objects.select_related("member"), pk=job_id)
        context = self._import_context(
            request,
            job=job,
            running=job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
            refresh_seconds=REFRESH_SECONDS,
            report=job.report,
        )
        return TemplateResponse(request, "admin/publications/publication/import_job.html", context)

    def import_confirm_view(self, request, job_id):
        """Queue the import of a preview; a second confirmation imports nothing."""
        self._import_context(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is None:
            raise Http404
        try:
            confirmed = confirm_import(job=job)
        except DatabaseError as error:
            logger.warning("Import confirmation not stored: %s", error)
            replace_if_broken(connection)
            self.message_user(
                request,
                _(
                    "The database cannot be reached: nothing was imported. Confirm again once "
                    "it is back."
                ),
                messages.ERROR,
            )
        else:
            self._say_confirmed(request, job, confirmed)
        return HttpResponseRedirect(
            reverse("admin:publications_publication_import_job", args=[job.pk])
        )

    def _say_confirmed(self, request, job, confirmed: bool):
        if confirmed:
            self.message_user(
                request,
                _("The import has started; this page shows its progress."),
                messages.SUCCESS,
            )
        elif ImportJob.objects.filter(pk=job.pk, stage=ImportStage.IMPORT).exists():
            self.message_user(
                request,
                _("This preview was already confirmed: it is imported once, not twice."),
                messages.WARNING,
            )
        else:
            self.message_user(request, _("This file has no preview to confirm."), messages.ERROR)
