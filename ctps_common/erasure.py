"""Erasing a user account (GDPR article 17) without breaking the figures built on it.

The account row stays, as a pseudonymous key: enrolments, attempts, certificates and the
register's person keep pointing at it, so every figure that finds a learner's country,
organisation or sex through the account gives the same numbers after the erasure. What
identifies the holder goes: username (replaced by `erased-<id>`), e-mail, names, password,
groups and permissions, two-factor devices, the avatar, sign-in records (django-axes),
background tasks whose arguments spell the address (queued or finished e-mails), and the
audit labels that spelled them. The account can never sign in again: it is inactive,
has no usable password, and the session hash of any open session no longer matches.

Plugins erase what they hold on the account by listening to `account_erasing` (sent first,
inside the same transaction, while the account still carries its old identifiers): the
courses plugin clears certificate holder names and the e-mail of queued xAPI statements.
`ctps_common` imports no plugin: this module reaches Django's and third-party apps only
through the app registry.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils.translation import gettext as _

# Sent inside the erasure's transaction, before the account loses its identifiers.
# Arguments: user. A receiver that fails undoes the whole erasure.
account_erasing = Signal()

ERASED_PREFIX = "erased-"
_AXES_MODELS = ("AccessAttempt", "AccessFailureLog", "AccessLog")
_OTP_MODELS = (("otp_totp", "TOTPDevice"), ("otp_static", "StaticDevice"))


def erased_username(user) -> str:
    return f"{ERASED_PREFIX}{user.pk}"


def is_erased(user) -> bool:
    return user is not None and user.get_username() == erased_username(user)


def account_identifiers(user) -> set[str]:
    """The strings that name the account holder: username, e-mail, full name."""
    values = {user.get_username(), user.email, user.get_full_name()}
    return {value.strip() for value in values if value and len(value.strip()) >= 3}


def _axes_rows(user):
    """django-axes records (attempts, failures, sign-in log) under one of the account's
    sign-in names, compared as `ctps_common.auth.normalised_login` stores them."""
    if not apps.is_installed("axes"):
        return []
    names = {value.strip().lower() for value in (user.get_username(), user.email) if value}
    if not names:
        return []
    condition = Q()
    for name in names:
        condition |= Q(username__iexact=name)
    return [apps.get_model("axes", model).objects.filter(condition) for model in _AXES_MODELS]


def sign_in_records(user) -> list[dict]:
    """The account's sign-in records (successes, failures, lockouts), oldest first, for the
    subject export (article 20)."""
    records = []
    for queryset in _axes_rows(user):
        model = queryset.model
        kind = {
            "AccessLog": _("sign-in"),
            "AccessFailureLog": _("failed sign-in"),
            "AccessAttempt": _("failed attempts (throttling)"),
        }[model.__name__]
        for row in queryset.order_by("pk"):
            records.append(
                {
                    "kind": kind,
                    "username": row.username or "",
                    "ip_address": row.ip_address or "",
                    "user_agent": row.user_agent or "",
                    "time": getattr(row, "attempt_time", None),
                    "signed_out": getattr(row, "logout_time", None),
                    "failures": getattr(row, "failures_since_start", None),
                }
            )
    records.sort(key=lambda record: (record["time"] is None, str(record["time"])))
    return records


def log_labels_replace(identifiers: set[str]) -> int:
    """Audit entries whose label spells one of `identifiers` get the current label of their
    object (already pseudonymised), or "erased" when the object is gone. Returns how many."""
    from wagtail.models import ModelLogEntry

    identifiers = {value for value in identifiers if value and len(value) >= 3}
    if not identifiers:
        return 0
    condition = Q()
    for value in identifiers:
        condition |= Q(label__icontains=value)
    changed = 0
    for entry in ModelLogEntry.objects.filter(condition).select_related("content_type"):
        model = entry.content_type.model_class()
        instance = (
            model._default_manager.filter(pk=entry.object_id).first() if model is not None else None
        )
        label = str(instance)[:255] if instance is not None else _("erased")
        if any(value.casefold() in label.casefold() for value in identifiers):
            label = _("erased")
        entry.label = label
        entry.save(update_fields=["label"])
        changed += 1
    return changed


def task_rows_naming(identifiers: set[str]):
    """Background tasks (database backend) whose arguments, result or traceback spell one of
    `identifiers`: e-mails queued or sent to the address (an e-mail change notice...)."""
    if not apps.is_installed("django_tasks_db") or not identifiers:
        return None
    condition = Q()
    for value in identifiers:
        for field in ("arguments", "result", "traceback"):
            condition |= Q(**{f"{field}__icontains": value})
    return (
        apps.get_model("django_tasks_database", "DBTaskResult")
        .objects.annotate(
            arguments=Cast("args_kwargs", TextField()),
            result=Cast("return_value", TextField()),
        )
        .filter(condition)
    )


@transaction.atomic
def account_erase(*, user) -> None:
    """Pseudonymise `user` in place (see the module docstring); idempotent."""
    identifiers = account_identifiers(user)
    account_erasing.send(sender=user.__class__, user=user)
    for queryset in _axes_rows(user):
        queryset.delete()
    tasks = task_rows_naming({value for value in (user.email, user.get_username()) if value})
    if tasks is not None:
        tasks.model.objects.filter(pk__in=list(tasks.values_list("pk", flat=True))).delete()
    for app_label, model in _OTP_MODELS:
        if apps.is_installed(f"django_otp.plugins.{app_label}"):
            apps.get_model(app_label, model).objects.filter(user=user).delete()
    if apps.is_installed("wagtail.users"):
        profile = apps.get_model("wagtailusers", "UserProfile").objects.filter(user=user).first()
        if profile is not None:
            if profile.avatar:
                profile.avatar.delete(save=False)
            profile.delete()
    user.username = erased_username(user)
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    log_labels_replace(identifiers)
