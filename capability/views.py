"""Admin views beyond the generic ones (person page, attendance import) and the public profile."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from . import spreadsheets
from .forms import AttendanceUploadForm, ProfileForm
from .models import Attendance, CompetencyEvidence, PendingImport, Workshop
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
            sheet = spreadsheets.read_sheet(content)
            workshop_for_sheet(
                sheet=sheet, workshop=form.cleaned_data["workshop"], user=self.request.user
            )
        except (spreadsheets.SheetError, ImportRejected) as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        PendingImport.objects.filter(
            created_at__lt=timezone.now() - datetime.timedelta(days=1)
        ).delete()
        pending = PendingImport.objects.create(
            user=self.request.user,
            workshop=form.cleaned_data["workshop"],
            filename=upload.name[:255],
            content=content,
            create_organisations=form.cleaned_data["create_organisations"],
        )
        return redirect("capability_attendance:import_preview", pending_id=pending.pk)


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
            sheet = spreadsheets.read_sheet(bytes(pending.content))
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
            sheet = spreadsheets.read_sheet(bytes(pending.content))
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
        context["rows"] = [
            {
                "number": row.number,
                "status": row.status,
                "notes": row.notes,
                "cells": [
                    (row.values.get(key, ""), row.errors.get(key, "")) for key in plan.columns
                ],
            }
            for row in plan.rows
        ]
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
    form = ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person_for_user(
            user=request.user,
            country=form.cleaned_data["country"],
            organisation=form.cleaned_data["organisation"],
            sex=form.cleaned_data["sex"],
            rank=form.cleaned_data["rank"],
            consent=form.cleaned_data["consent"],
        )
        messages.success(request, _("Thank you. Your profile is saved."))
        return redirect(next_url or "/")
    return render(request, "capability/profile.html", {"form": form, "next": next_url})
