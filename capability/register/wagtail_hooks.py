from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .viewsets import RegisterViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return RegisterViewSetGroup()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "capability.import_attendance", _("Import attendance"), _("Attendance imported from Excel")
    )


@hooks.register("courses_before_enrol")
def ask_for_register_profile(request, course):
    """Send a signed-in user with no register entry to the profile form, then back."""
    from .models import Person

    user = request.user
    if not user.is_authenticated or Person.objects.filter(user=user).exists():
        return None
    # Back to the course page (enrolment itself is a POST the trainee repeats there).
    query = urlencode({"next": course.get_url(request=request) or request.get_full_path()})
    return redirect(f"{reverse('capability:profile')}?{query}")


@hooks.register("courses_visible_users")
def courses_users_in_my_countries(user, queryset):
    """Course staff views show country staff only the accounts of their countries."""
    from .querysets import users_for

    return users_for(user, queryset)


@hooks.register("courses_account_countries")
def courses_countries_to_give(user):
    """New trainee accounts get one of the inviter's countries (partners, when signing up)."""
    from .services import account_country_choices

    return account_country_choices(user)


@hooks.register("register_admin_urls")
def register_gdpr_urls():
    """Data-subject rights: /admin/capability/people/<id>/personal-data/<xlsx|json>/ and erase."""
    from django.urls import include, path

    from . import gdpr_views

    return [path("capability/people/", include(gdpr_views))]


@hooks.register("register_log_actions")
def register_gdpr_log_actions(actions):
    actions.register_action(
        "capability.person_export", _("Export personal data"), _("Personal data exported")
    )
    actions.register_action(
        "capability.person_erase", _("Erase personal data"), _("Personal data erased")
    )


@hooks.register("before_serve_document", order=10)  # after Wagtail's collection restrictions
def check_evidence_download(document, request):
    from .documents import check_download

    return check_download(document, request)


@hooks.register("construct_document_chooser_queryset")
def evidence_of_my_countries(documents, request):
    from .documents import visible_in_chooser

    return visible_in_chooser(documents, request.user)
