"""Admin views for data-subject rights: export a person's data, erase a person (capability.gdpr)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail.permission_policies import ModelPermissionPolicy

from .gdpr import ErasureError, person_erase, person_export
from .models import Person


def _person_for(request, pk: int, action: str) -> Person:
    """The person, if `request.user` may `action` people and sees this one's country.

    403, never 404: the admin's 404 becomes a language redirect that would hide the refusal.
    """
    if not ModelPermissionPolicy(Person).user_has_permission(request.user, action):
        raise PermissionDenied
    person = Person.objects.for_user(request.user).select_related("country").filter(pk=pk).first()
    if person is None:
        raise PermissionDenied
    return person


def person_data_export(request, pk: int, fmt: str):
    """Everything held on one person, as xlsx or JSON (right of access)."""
    if fmt not in ("xlsx", "json"):
        raise PermissionDenied
    person = _person_for(request, pk, "view")
    body = person_export(person=person, user=request.user, fmt=fmt)
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "xlsx"
        else "application/json; charset=utf-8"
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.{fmt}"'
    return response


def person_erase_view(request, pk: int):
    """Confirm, then pseudonymise one person (right to erasure); figures keep their counts."""
    person = _person_for(request, pk, "delete")
    if request.method == "POST":
        try:
            person_erase(person=person, user=request.user)
        except ErasureError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The person's personal data was erased."))
        return redirect("capability_person:inspect", person.pk)
    return TemplateResponse(
        request,
        "capability/admin/person_erase.html",
        {
            "page_title": _("Erase personal data"),
            "header_icon": "warning",
            "person": person,
            "export_url": reverse("capability_gdpr:export", args=[person.pk, "xlsx"]),
        },
    )


app_name = "capability_gdpr"
urlpatterns = [
    path("<int:pk>/personal-data/<str:fmt>/", person_data_export, name="export"),
    path("<int:pk>/erase/", person_erase_view, name="erase"),
]
