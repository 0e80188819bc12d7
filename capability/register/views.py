"""Admin views beyond the generic ones (person and workshop pages, the attendance template,
exports for import) and the public profile. Imports run on `ctps_common.imports`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.admin.views.generic import InspectView
from wagtail.permission_policies import ModelPermissionPolicy

from . import spreadsheets
from .forms import ProfileForm
from .models import AccountCountry, Attendance, CompetencyEvidence, Workshop
from .models.choices import EvidenceSource
from .services import person_for_user

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
