"""Admin views beyond the generic ones (person page, attendance import) and the public profile."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from ctps_common.cache import batch

from . import spreadsheets
from .forms import AttendanceUploadForm, ProfileForm, ResourceUploadForm
from .models import AccountCountry, Attendance, CompetencyEvidence, PendingImport, Workshop
from .models.choices import EvidenceSource
from .services import (
    ImportRejected,
    attendance_import,
    attendance_import_plan,
    person_for_user,
    workshop_for_sheet,
)

attendance_policy = ModelPermissionPolicy(Attendance)


def _check_scope(view, obj):
    if not type(obj)._default_manager.filter(pk=obj.pk).for_user(view.request.user).exists():
        raise PermissionDenied
    return obj


class PersonInspectView(InspectView):
    """The person page: details, workshops, online courses and current competency levels."""

    template_name = "capability/admin/person_inspect.html"

    def get_object(self, *args, **kwargs):
        return _check_scope(self, super().get_object(*args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        evidence = CompetencyEvidence.objects.filter(person=person)
        context.update(
            attendances=person.attendances.select_related("workshop", "workshop__country").order_by(
                "-workshop__start_date"
            ),
            online_courses=evidence.filter(source=EvidenceSource.ONLINE_COURSE)
            .exclude(course=None)
            .order_by()
            .values("course__title")
            .annotate(date=Max("date"))
            .order_by("-date"),
            levels=evidence.current_levels_by_competency(),
            evidence=evidence.select_related("competency", "workshop").order_by("-date"),
        )
        return context


class WorkshopInspectView(InspectView):
    template_name = "capability/admin/workshop_inspect.html"

    def get_object(self, *args, **kwargs):
        return _check_scope(self, super().get_object(*args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attendances"] = (
            Attendance.objects.for_user(self.request.user)
            .filter(workshop=self.object)
            .select_related("person", "person__organisation")
            .order_by("role", "person__family_name")
        )
        context["import_url"] = (
            reverse("capability_attendance:import") + f"?workshop={self.object.pk}"
        )
        return context


def purge_stale_imports() -> None:
    """Uploads never confirmed are dropped after a day (they hold personal data)."""
    PendingImport.objects.filter(
        created_at__lt=timezone.now() - datetime.timedelta(days=1)
    ).delete()


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not attendance_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("capability_attendance:index"), "label": _("Attendance")},
            {"url": "", "label": self.get_page_title()},
        ]


class AttendanceUploadView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Step 1: upload. The file is checked, stored privately, and the preview is shown next."""

    template_name = "capability/admin/import_upload.html"
    page_title = gettext_lazy("Import attendance")
    header_icon = "upload"
    form_class = AttendanceUploadForm

    def get_initial(self):
        return {"workshop": self.request.GET.get("workshop")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "template_url": reverse("capability_attendance:import_template"),
            "max_rows": spreadsheets.settings.CAPABILITY_IMPORT_MAX_ROWS,
            "max_mb": round(spreadsheets.settings.CAPABILITY_IMPORT_MAX_BYTES / 1_048_576, 1),
        }

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        limit = spreadsheets.settings.CAPABILITY_IMPORT_MAX_BYTES
        content = upload.read(limit + 1)
        try:
            sheet = spreadsheets.read_sheet_cached(content)
            workshop_for_sheet(
                sheet=sheet, workshop=form.cleaned_data["workshop"], user=self.request.user
            )
        except (spreadsheets.SheetError, ImportRejected) as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        purge_stale_imports()
        pending = PendingImport.objects.create(
            user=self.request.user,
            workshop=form.cleaned_data["workshop"],
            filename=upload.name[:255],
            content=content,
            create_organisations=form.cleaned_data["create_organisations"],
        )
        return redirect("capability_attendance:import_preview", pending_id=pending.pk)


PREVIEW_ROWS = 200


class AttendancePreviewView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Step 2: every row as new/updated/skipped/error with reasons; confirm writes it all."""

    template_name = "capability/admin/import_preview.html"
    page_title = gettext_lazy("Check and confirm the import")
    header_icon = "upload"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pending = None

    def get_pending(self) -> PendingImport:
        # Refused rather than 404: the site's LocaleMiddleware turns admin 404s into redirects.
        pending = PendingImport.objects.filter(
            pk=self.kwargs["pending_id"], user=self.request.user
        ).first()
        if pending is None:
            raise PermissionDenied
        return pending

    def get(self, request, *args, **kwargs):
        pending = self.get_pending()
        try:
            sheet = spreadsheets.read_sheet_cached(bytes(pending.content))
            workshop = workshop_for_sheet(sheet=sheet, workshop=pending.workshop, user=request.user)
        except (spreadsheets.SheetError, ImportRejected) as error:
            pending.delete()
            messages.error(request, str(error))
            return redirect("capability_attendance:import")
        plan = attendance_import_plan(
            sheet=sheet,
            workshop=workshop,
            user=request.user,
            create_organisations=pending.create_organisations,
        )
        return self.render_to_response(self.get_context_data(pending=pending, plan=plan))

    def post(self, request, *args, **kwargs):
        pending = self.get_pending()
        if "cancel" in request.POST:
            pending.delete()
            messages.info(request, _("Import cancelled; nothing was written."))
            return redirect("capability_attendance:import")
        try:
            sheet = spreadsheets.read_sheet_cached(bytes(pending.content))
            plan = attendance_import(
                sheet=sheet,
                workshop=pending.workshop,
                user=request.user,
                create_organisations=pending.create_organisations,
            )
        except spreadsheets.SheetError as error:
            messages.error(request, str(error))
            return redirect("capability_attendance:import")
        except ImportRejected as error:
            messages.error(request, str(error))
            if error.plan is None:
                return redirect("capability_attendance:import")
            return self.render_to_response(self.get_context_data(pending=pending, plan=error.plan))
        counts = plan.counts
        log(
            instance=plan.workshop,
            action="capability.import_attendance",
            user=request.user,
            data={"file": pending.filename, **counts},
        )
        pending.delete()
        messages.success(
            request,
            _(
                "Imported %(file)s into %(workshop)s: %(new)s new, %(updated)s updated, "
                "%(skipped)s unchanged."
            )
            % {"file": pending.filename, "workshop": plan.workshop.title, **counts},
        )
        return redirect(reverse("capability_attendance:index") + f"?workshop={plan.workshop.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = kwargs["plan"]
        context["columns"] = [(key, spreadsheets.COLUMN_BY_KEY[key].label) for key in plan.columns]
        # Every row in error, and the first PREVIEW_ROWS of the others: a 10,000-row sheet
        # would otherwise send staff a 5 MB page (the counts above cover every row).
        shown = [row for row in plan.rows if row.status == "error"]
        shown = sorted(
            shown + [row for row in plan.rows if row.status != "error"][:PREVIEW_ROWS],
            key=lambda row: row.number,
        )
        context["rows"] = [
            {
                "number": row.number,
                "status": row.status,
                "notes": row.notes,
                "cells": [
                    (row.values.get(key, ""), row.errors.get(key, "")) for key in plan.columns
                ],
            }
            for row in shown
        ]
        context["rows_hidden"] = len(plan.rows) - len(shown)
        return context


def attendance_template(request):
    """The attendance sheet template, for one workshop when `?workshop=<id>` is given."""
    if not attendance_policy.user_has_permission(request.user, "add"):
        raise PermissionDenied
    code = ""
    if request.GET.get("workshop", "").isdigit():
        workshop = get_object_or_404(
            Workshop.objects.for_user(request.user), pk=request.GET["workshop"]
        )
        code = workshop.code
    response = HttpResponse(
        spreadsheets.attendance_workbook(workshop_code=code),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"attendance-{code or 'template'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def profile(request):
    """Asked once of a signed-in trainee with no register entry, then back to `next`."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    existing = getattr(request.user, "capability_person", None)
    if existing is not None and request.method == "GET":
        return redirect(next_url or "/")
    user = request.user
    recorded = AccountCountry.objects.filter(user=user).values_list("country", flat=True)
    form = ProfileForm(
        request.POST or None,
        initial={
            "given_name": user.first_name,
            "family_name": user.last_name,
            "country": recorded.first(),  # given at invitation or sign-up
        },
    )
    if request.method == "POST" and form.is_valid():
        person_for_user(
            user=request.user,
            given_name=form.cleaned_data["given_name"],
            family_name=form.cleaned_data["family_name"],
            country=form.cleaned_data["country"],
            organisation=form.cleaned_data["organisation"],
            sex=form.cleaned_data["sex"],
            rank=form.cleaned_data["rank"],
            consent=form.cleaned_data["consent"],
        )
        messages.success(request, _("Thank you. Your profile is saved."))
        return redirect(next_url or "/")
    return render(request, "capability/profile.html", {"form": form, "next": next_url})


class ResourceImportMixin(WagtailAdminTemplateMixin):
    """Import of a resource (people, organisations, competencies): upload → preview → confirm.

    Needs add and change permission on the model. The dry run and the real run both happen
    in one transaction with rollback on any error or validation error: all or nothing.
    """

    model = None
    index_url_name = ""
    header_icon = "upload"

    @property
    def policy(self):
        return ModelPermissionPolicy(self.model)

    def dispatch(self, request, *args, **kwargs):
        if not self.policy.user_has_permission(
            request.user, "add"
        ) or not self.policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import %(things)s") % {"things": self.model._meta.verbose_name_plural}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def resource_key(self) -> str:
        return self.model._meta.model_name


class ResourceUploadView(ResourceImportMixin, FormView):
    template_name = "capability/admin/resource_upload.html"
    form_class = ResourceUploadForm
    preview_url_name = ""
    export_url_name = ""

    def get_context_data(self, **kwargs):
        from .resources import resource_for

        return {
            **super().get_context_data(**kwargs),
            "export_url": reverse(self.export_url_name),
            "columns": resource_for(self.model, self.request.user).get_export_headers(),
        }

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read(spreadsheets.settings.CAPABILITY_IMPORT_MAX_BYTES + 1)
        try:
            spreadsheets.read_table(content, filename=upload.name)
        except spreadsheets.SheetError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        purge_stale_imports()
        pending = PendingImport.objects.create(
            user=self.request.user,
            resource=self.resource_key(),
            filename=upload.name[:255],
            content=content,
        )
        return redirect(self.preview_url_name, pending_id=pending.pk)


class ResourcePreviewView(ResourceImportMixin, TemplateView):
    template_name = "capability/admin/resource_preview.html"
    upload_url_name = ""

    def get_pending(self) -> PendingImport:
        pending = PendingImport.objects.filter(
            pk=self.kwargs["pending_id"], user=self.request.user, resource=self.resource_key()
        ).first()
        if pending is None:
            raise PermissionDenied
        return pending

    def run(self, pending, *, dry_run: bool):
        from .resources import resource_for

        dataset = spreadsheets.read_table(bytes(pending.content), filename=pending.filename)
        resource = resource_for(self.model, self.request.user)
        # one new version per cache for the whole file (a dry run too: its writes roll back)
        with transaction.atomic(), batch():
            result = resource.import_data(
                dataset,
                dry_run=dry_run,
                use_transactions=True,
                rollback_on_validation_errors=True,
            )
            failed = result.has_errors() or result.has_validation_errors()
            if failed:
                transaction.set_rollback(True)
        return dataset, result, failed

    def get(self, request, *args, **kwargs):
        pending = self.get_pending()
        try:
            dataset, result, failed = self.run(pending, dry_run=True)
        except spreadsheets.SheetError as error:
            pending.delete()
            messages.error(request, str(error))
            return redirect(self.upload_url_name)
        return self.render_to_response(
            self.get_context_data(pending=pending, dataset=dataset, result=result, failed=failed)
        )

    def post(self, request, *args, **kwargs):
        pending = self.get_pending()
        if "cancel" in request.POST:
            pending.delete()
            messages.info(request, _("Import cancelled; nothing was written."))
            return redirect(self.upload_url_name)
        dataset, result, failed = self.run(pending, dry_run=False)
        if failed:
            messages.error(request, _("Some rows have errors; nothing was imported."))
            return self.render_to_response(
                self.get_context_data(pending=pending, dataset=dataset, result=result, failed=True)
            )
        pending.delete()
        totals = result.totals
        messages.success(
            request,
            _("Imported %(file)s: %(new)s new, %(update)s updated.")
            % {"file": pending.filename, "new": totals["new"], "update": totals["update"]},
        )
        return redirect(self.index_url_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result, dataset = kwargs["result"], kwargs["dataset"]
        invalid = {row.number: row for row in result.invalid_rows}
        rows = []
        for number, row in enumerate(result.rows, start=1):
            errors = {}
            status = row.import_type
            if number in invalid:
                status = "error"
                errors = {
                    field: "; ".join(str(m) for m in messages_)
                    for field, messages_ in invalid[number].field_specific_errors.items()
                }
                if invalid[number].non_field_specific_errors:
                    errors["__all__"] = "; ".join(
                        str(m) for m in invalid[number].non_field_specific_errors
                    )
            elif row.errors:
                status = "error"
                errors = {"__all__": "; ".join(str(e.error) for e in row.errors)}
            values = dataset[number - 1] if number - 1 < len(dataset) else ()
            rows.append(
                {
                    "number": number + 1,
                    "status": status,
                    "cells": [
                        (value, errors.get(header, ""))
                        for header, value in zip(dataset.headers, values, strict=False)
                    ],
                    "other_errors": errors.get("__all__", ""),
                }
            )
        for error in result.base_errors:
            rows.append(
                {"number": "–", "status": "error", "cells": [], "other_errors": str(error.error)}
            )
        context.update(headers=dataset.headers, rows=rows, totals=result.totals)
        return context


def resource_export(request, *, model):
    """The user's records as an import-ready xlsx (ids, codes), country-scoped."""
    from ctps_common.spreadsheets import dataset_to_xlsx

    from .resources import resource_for

    if not ModelPermissionPolicy(model).user_has_permission(request.user, "view"):
        raise PermissionDenied
    resource = resource_for(model, request.user)
    response = HttpResponse(
        dataset_to_xlsx(resource.export()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = model._meta.verbose_name_plural.replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
