"""The upload and preview/confirm views of every import, and their URL patterns.

An app exposes an importer with `import_urlpatterns(ImporterClass)` inside its own URL
namespace (a viewset's, or its admin URLs): the names are `import` and `import_preview`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import PendingImport
from .base import (
    AlreadyClaimed,
    ImportRefused,
    pending_confirm,
    pending_create,
    pending_discard,
    pending_remember,
    pending_table,
)
from .reading import SheetError, limits

# A 10,000-row preview would be a 5 MB page: every row with an error or a remark is shown,
# and the first PREVIEW_ROWS of the others (the counts cover every row).
PREVIEW_ROWS = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer
        self.fields["file"].widget.attrs["accept"] = importer.accept

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(tuple(self.importer.accept.split(","))):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        return upload


class ImportViewMixin(WagtailAdminTemplateMixin):
    importer_class = None
    header_icon = "upload"
    index_url_name = ""  # where the breadcrumbs lead back

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.url_kwargs = {k: v for k, v in kwargs.items() if k != "pending_id"}

    def make_importer(self, **kwargs):
        return self.importer_class.for_request(
            user=self.request.user, url_kwargs=self.url_kwargs, **kwargs
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.make_importer().has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.importer_class.title)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append(
                {"url": reverse(self.index_url_name), "label": self.importer_class.index_label}
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    def url(self, name: str, **kwargs) -> str:
        namespace = self.request.resolver_match.namespace
        return reverse(f"{namespace}:{name}", kwargs={**self.url_kwargs, **kwargs})


class ImportUploadView(ImportViewMixin, FormView):
    """Step 1: upload. The file is read and checked whole, stored privately, then previewed."""

    template_name = "ctps_common/imports/upload.html"

    def get_form(self, form_class=None):
        importer = self.make_importer()
        form_class = importer.upload_form_class()
        return form_class(**self.get_form_kwargs(), importer=importer)

    def get_initial(self):
        return {key: value for key, value in self.request.GET.items() if key != "file"}

    def get_context_data(self, **kwargs):
        importer = self.make_importer()
        limit = limits()
        return {
            **super().get_context_data(**kwargs),
            "importer": importer,
            "columns": importer.columns,
            "template_url": importer.template_url(),
            "max_rows": limit["rows"],
            "max_mb": round(limit["bytes"] / 1_048_576, 1),
        }

    def form_valid(self, form):
        importer = form.importer
        upload = form.cleaned_data["file"]
        content = upload.read(limits()["bytes"] + 1)
        try:
            table = importer.read(content, upload.name)
            importer.start(form=form, table=table)
        except (SheetError, ImportRefused) as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        pending = pending_create(importer=importer, filename=upload.name, content=content)
        pending_remember(pending, table)  # parsed once: the preview reads it from the cache
        return redirect(self.url("import_preview", pending_id=pending.pk))


class ImportPreviewView(ImportViewMixin, TemplateView):
    """Step 2: every row as new / updated / unchanged / error with the reason on the cell,
    the questions to answer; confirm writes it all or nothing, once."""

    template_name = "ctps_common/imports/preview.html"
    page_title = gettext_lazy("Check and confirm the import")

    def get_page_title(self):
        return str(self.page_title)

    def get_pending(self) -> PendingImport:
        # Refused rather than 404: the site's LocaleMiddleware turns admin 404s into redirects.
        pending = (
            PendingImport.objects.select_related("user")
            .filter(
                pk=self.kwargs["pending_id"],
                user=self.request.user,
                kind=self.importer_class.kind,
            )
            .first()
        )
        if pending is None:
            raise PermissionDenied
        return pending

    def importer_for(self, pending):
        importer = self.make_importer(target=pending.target, options=pending.options)
        if not importer.has_permission():
            raise PermissionDenied
        return importer

    def get(self, request, *args, **kwargs):
        pending = self.get_pending()
        if pending.state != PendingImport.State.PREVIEWED:
            messages.warning(request, str(AlreadyClaimed(pending)))
            return redirect(self.importer_for(pending).done_url())
        importer = self.importer_for(pending)
        try:
            table = pending_table(pending, importer)
            preview = importer.preview(table, answers=pending.options.get("answers", {}))
        except (SheetError, ImportRefused) as error:
            pending_discard(pending)
            messages.error(request, str(error))
            return redirect(self.url("import"))
        return self.render_to_response(self.get_context_data(pending=pending, preview=preview))

    def post(self, request, *args, **kwargs):
        pending = self.get_pending()
        if "cancel" in request.POST:
            pending_discard(pending)
            messages.info(request, _("Import cancelled; nothing was written."))
            return redirect(self.url("import"))
        importer = self.importer_for(pending)
        if pending.state != PendingImport.State.PREVIEWED:  # confirmed already (another tab)
            messages.warning(request, str(AlreadyClaimed(pending)))
            return redirect(importer.done_url())
        try:
            table = pending_table(pending, importer)
        except SheetError as error:
            pending_discard(pending)
            messages.error(request, str(error))
            return redirect(self.url("import"))
        answers = importer.answers_from(request.POST)
        if answers:
            pending.options = {**pending.options, "answers": answers}
            PendingImport.objects.filter(pk=pending.pk, state=PendingImport.State.PREVIEWED).update(
                options=pending.options
            )
        try:
            preview = pending_confirm(
                pending=pending, importer=importer, answers=answers, table=table
            )
        except AlreadyClaimed as error:
            messages.warning(request, str(error))
            return redirect(importer.done_url())
        except ImportRefused as error:
            messages.error(request, str(error))
            if error.preview is None:
                return redirect(self.url("import"))
            return self.render_to_response(
                self.get_context_data(pending=pending, preview=error.preview)
            )
        messages.success(request, importer.success_message(preview, pending.filename))
        return redirect(importer.done_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preview = kwargs["preview"]
        plain = [row for row in preview.rows if row.status != "error" and not row.notes]
        shown_plain = {id(row) for row in plain[:PREVIEW_ROWS]}
        context["rows"] = [
            row
            for row in preview.rows
            if id(row) in shown_plain or row.status == "error" or row.notes
        ]
        context["rows_hidden"] = len(preview.rows) - len(context["rows"])
        groups: dict[str, list] = {}
        for question in preview.questions:
            groups.setdefault(question.group, []).append(question)
        context["question_groups"] = list(groups.items())
        return context


def import_urlpatterns(importer_class, *, prefix: str = "import/", index_url_name: str = ""):
    """The upload (`import`) and preview/confirm (`import_preview`) URLs of one importer."""
    options = {"importer_class": importer_class, "index_url_name": index_url_name}
    return [
        path(prefix, ImportUploadView.as_view(**options), name="import"),
        path(
            f"{prefix}<uuid:pending_id>/",
            ImportPreviewView.as_view(**options),
            name="import_preview",
        ),
    ]
