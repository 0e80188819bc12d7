"""Requests for access to a course, when accounts are made by staff: a visitor (or a trainee
not enrolled) asks, staff of the requester's country approve (an account, invited by email
if new, enrolled in the course) or decline with a reason. The requester is told by email,
in the language they asked in.

Each decision is taken once: it claims the pending row with one conditional UPDATE, so a
double click or two tabs find it taken; the account and the enrolment are made in the same
transaction, and a failure (an address outside the staff member's countries) rolls the
claim back, leaving the request waiting.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ctps_common.tasks import task

from ..models import CoursePage, Enrolment, RegistrationRequest
from .accounts import InvitationError, _language, _login_url, country_resolve, user_invite
from .enrolment import enrolment_create


@transaction.atomic
def access_request_create(
    *,
    course: CoursePage,
    email: str,
    first_name: str,
    last_name: str,
    country: str = "",
    organisation: str = "",
    message: str = "",
) -> tuple[RegistrationRequest, bool]:
    """Record a request (created True), or merge it into the one already waiting for the
    same address and course, in any language version (created False)."""
    email = email.strip().lower()
    country = country_resolve(chooser=None, value=country)
    fields = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "country": country,
        "organisation": organisation.strip(),
        "language": _language(),
    }
    pending = RegistrationRequest.objects.filter(
        email=email, course_key=course.translation_key, decided_at__isnull=True
    )
    if not pending.exists():
        try:
            with transaction.atomic():
                created = RegistrationRequest.objects.create(
                    course=course,
                    course_key=course.translation_key,
                    email=email,
                    message=message.strip(),
                    **fields,
                )
            return created, True
        except IntegrityError:  # the same request sent twice at once: merge into the first
            pass
    request_obj = pending.select_for_update().get()
    if message.strip() and message.strip() not in request_obj.message:
        request_obj.message = "\n\n".join(filter(None, [request_obj.message, message.strip()]))
    for name, value in fields.items():
        if value:
            setattr(request_obj, name, value)
    request_obj.times_requested = F("times_requested") + 1
    request_obj.save()
    request_obj.refresh_from_db()
    return request_obj, False


def _claim(*, request_id: int, decided_by, approved: bool, reason: str = "") -> bool:
    """Mark the request decided if nobody did: True for the one call that did."""
    return bool(
        RegistrationRequest.objects.filter(pk=request_id, decided_at__isnull=True).update(
            decided_at=timezone.now(),
            decided_by=decided_by,
            approved=approved,
            decline_reason=reason,
        )
    )


@transaction.atomic
def access_request_approve(*, request_id: int, decided_by) -> RegistrationRequest:
    """Approve once: the account (found, or created and invited with the request's country)
    enrolled in the course. Raises InvitationError (nothing changed) when already decided
    or when the address belongs to an account outside `decided_by`'s countries."""
    if not _claim(request_id=request_id, decided_by=decided_by, approved=True):
        raise InvitationError(_("This request was already decided."))
    request_obj = RegistrationRequest.objects.select_related("course").get(pk=request_id)
    with translation.override(request_obj.language or _language()):  # their invitation
        user, _created = user_invite(
            email=request_obj.email,
            first_name=request_obj.first_name,
            last_name=request_obj.last_name,
            country=request_obj.country,
            invited_by=decided_by,
        )
    enrolment, _new = enrolment_create(
        user=user,
        course=request_obj.course,
        source=Enrolment.Source.STAFF,
        enrolled_by=decided_by,
    )
    request_obj.enrolment = enrolment
    request_obj.save(update_fields=["enrolment"])
    access_request_answer_send.enqueue(request_id=request_obj.pk)
    return request_obj


@transaction.atomic
def access_request_decline(*, request_id: int, decided_by, reason: str) -> RegistrationRequest:
    """Decline once, with the reason the requester reads."""
    reason = reason.strip()
    if not reason:
        raise InvitationError(_("Say why the request is declined: the requester reads it."))
    if not _claim(request_id=request_id, decided_by=decided_by, approved=False, reason=reason):
        raise InvitationError(_("This request was already decided."))
    access_request_answer_send.enqueue(request_id=request_id)
    return RegistrationRequest.objects.get(pk=request_id)


@task(priority=10)
def access_request_answer_send(*, request_id: int):
    """Background task: tell the requester the decision, in the language they asked in."""
    request_obj = (
        RegistrationRequest.objects.select_related("course", "enrolment__user")
        .filter(pk=request_id, decided_at__isnull=False, course__isnull=False)
        .first()
    )
    if request_obj is None:
        return "no decided request"
    language = request_obj.language or settings.LANGUAGE_CODE
    with translation.override(language):
        course = request_obj.course.localized.title
        if request_obj.approved:
            subject = _("You are enrolled in %(course)s") % {"course": course}
            body = _(
                "Your request was approved: you are enrolled in %(course)s. If you have no "
                "password yet, another email brings a link to set it. Sign in with your "
                "email address: %(url)s"
            ) % {"course": course, "url": _login_url()}
        else:
            subject = _("Your request for %(course)s") % {"course": course}
            body = _(
                "Your request for access to %(course)s was declined, for this reason:\n\n"
                "%(reason)s\n\nReply to your country's programme contact if you have questions."
            ) % {"course": course, "reason": request_obj.decline_reason}
        send_mail(subject, body, None, [request_obj.email])
    return "sent"
