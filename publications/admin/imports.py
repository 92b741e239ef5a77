"""The admin's import page: upload a publication list, see what importing it would do, then
confirm."""

import logging
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.models import Member

from ..importing import ImportInterrupted, import_publications
from ..importing.readers import UnreadableFile, guess_format, parse
from ..importing.readers.base import decode
from ..models import ReviewStatus

logger = logging.getLogger(__name__)

# Uploads are kept in the session between the preview and the confirmation.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "publication_imports"


class PublicationImportForm(forms.Form):
    """A publication list file to preview, then import."""

    file = forms.FileField(
        label=_("file"),
        help_text=_("BibTeX (.bib), DBLP person XML, OpenAlex or ORCID works JSON; 5 MB at most."),
    )
    format = forms.ChoiceField(
        label=_("format"),
        required=False,
        choices=[
            ("", _("Guess from the file")),
            ("bibtex", "BibTeX"),
            ("dblp", _("DBLP person XML")),
            ("openalex", _("OpenAlex works JSON")),
            ("orcid", _("ORCID works JSON")),
        ],
    )
    member = forms.ModelChoiceField(
        label=_("member"),
        required=False,
        queryset=Member.objects.order_by("sort_name", "pk"),
        help_text=_("The member whose publication list this is, if any."),
    )
    approve = forms.BooleanField(
        label=_("approve directly"),
        required=False,
        initial=True,
        help_text=_("Untick to leave the new publications pending review."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        text = decode(upload.read())
        try:
            file_format = cleaned.get("format") or guess_format(upload.name, text)
            self.parsed = parse(text, format=file_format)
        except UnreadableFile as error:
            raise forms.ValidationError(
                {"file": _("This file cannot be read: %(reason)s.") % {"reason": error}}
            ) from None
        cleaned.update(text=text, format=file_format)
        return cleaned


def _run_import(upload: dict, *, dry_run: bool):
    """The file read, and what importing it does; with `dry_run` everything is rolled back."""
    parsed = parse(upload["text"], format=upload["format"])
    member = Member.objects.filter(pk=upload["member"]).first() if upload["member"] else None
    status = ReviewStatus.APPROVED if upload["approve"] else ReviewStatus.PENDING
    with transaction.atomic():
        report = import_publications(entries=parsed.entries, member=member, status=status)
        if dry_run:
            transaction.set_rollback(True)
    return parsed, report, member


class ImportViewMixin:
    """The import page of the publication admin, at `import/`."""

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="publications_publication_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a file, see what importing it would do, then confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import publications"),
        }
        if request.method == "POST" and "token" in request.POST:
            upload = request.session.get(SESSION_KEY, {}).pop(request.POST["token"], None)
            request.session.modified = True
            if upload is None:
                self.message_user(
                    request, _("This preview has expired; upload the file again."), messages.ERROR
                )
                return HttpResponseRedirect(request.path)
            try:
                parsed, report, member = _run_import(upload, dry_run=False)
            except ImportInterrupted as error:
                return self._interrupted(request, context, error)
            self.message_user(request, _("The publications were imported."), messages.SUCCESS)
            return self._report_page(request, context, upload, parsed, report, member, done=True)
        form = PublicationImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = {
                "name": data["file"].name,
                "text": data["text"],
                "format": data["format"],
                "member": data["member"].pk if data["member"] else None,
                "approve": data["approve"],
            }
            try:
                parsed, report, member = _run_import(upload, dry_run=True)
            except ImportInterrupted as error:
                return self._interrupted(request, context, error)
            token = secrets.token_urlsafe(16)
            request.session.setdefault(SESSION_KEY, {})[token] = upload
            request.session.modified = True
            context["token"] = token
            return self._report_page(request, context, upload, parsed, report, member, done=False)
        context["form"] = form
        return TemplateResponse(request, "admin/publications/publication/import.html", context)

    def _interrupted(self, request, context, error):
        """The upload form again, saying that nothing of the interrupted import was kept."""
        logger.warning("Admin import interrupted: %s", error)
        if not connection.in_atomic_block:
            # A connection lost for good is replaced, so that the page itself can be drawn.
            connection.close_if_unusable_or_obsolete()
        self.message_user(request, error.nothing_saved_message(), messages.ERROR)
        context["form"] = PublicationImportForm()
        return TemplateResponse(request, "admin/publications/publication/import.html", context)

    def _report_page(self, request, context, upload, parsed, report, member, *, done):
        context.update(
            upload=upload,
            member=member,
            done=done,
            report=report,
            skipped=parsed.errors + report.skipped,
            pending_count=len(report.pending),
        )
        return TemplateResponse(
            request, "admin/publications/publication/import_report.html", context
        )
