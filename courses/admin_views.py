"""Staff views in the Wagtail admin: course report, exports, bulk enrolment, attempt reset."""

import io
import zipfile

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats.base_formats import CSV, XLSX
from tablib import Dataset

from . import services
from .accounts import InvitationError, user_invite
from .exports import dataset_to_csv, dataset_to_xlsx
from .models import CoursePage, Enrolment, QuizAttempt
from .reports import course_enrolments, course_summary, question_statistics
from .scoping import for_visible_users, visible_users

REPORT_PERMISSION = "courses.view_course_reports"
ENROL_PERMISSION = "courses.manage_enrolments"
MAX_UPLOAD = 2 * 1024 * 1024
MAX_UNPACKED = 10 * MAX_UPLOAD  # an xlsx of 2 MB unpacks to far less: more is a zip bomb
MAX_ROWS = 5_000


def check_xlsx_container(content: bytes) -> None:
    """Refuse what is not a plain, reasonably sized xlsx before openpyxl opens it."""
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: .xls or encrypted
        raise forms.ValidationError(
            _("Old Excel (.xls) and password-protected files cannot be read: save as .xlsx.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise forms.ValidationError(_("This file cannot be read as a spreadsheet.")) from error
    if "xl/workbook.xml" not in names:
        raise forms.ValidationError(_("This file cannot be read as a spreadsheet."))
    if unpacked > MAX_UNPACKED:
        raise forms.ValidationError(_("The file unpacks to an unreasonable size and was refused."))


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def course_report(request, page_id: int):
    _require(request, REPORT_PERMISSION)
    course = get_object_or_404(CoursePage, pk=page_id)
    enrolments, steps = course_enrolments(course)
    enrolments = for_visible_users(request.user, enrolments)
    attempts = for_visible_users(
        request.user, QuizAttempt.objects.filter(course_key=course.translation_key)
    )
    return TemplateResponse(
        request,
        "courses/admin/report.html",
        {
            "page_title": _("Report: %(title)s") % {"title": course.title},
            "header_icon": "doc-full-inverse",
            "course": course,
            "summary": course_summary(course),
            "enrolments": enrolments.order_by("user__last_name", "user__email")[:500],
            "pre_questions": question_statistics(course, "pre"),
            "post_questions": question_statistics(course, "post"),
            "recent_attempts": attempts.exclude(status=QuizAttempt.Status.RESET)
            .select_related("user")
            .order_by("-started_at")[:50],
            "can_enrol": request.user.has_perm(ENROL_PERMISSION),
        },
    )


def course_report_export(request, page_id: int, fmt: str):
    _require(request, REPORT_PERMISSION)
    course = get_object_or_404(CoursePage, pk=page_id)
    enrolments, _steps = course_enrolments(course)
    enrolments = for_visible_users(request.user, enrolments)
    data = Dataset(
        headers=[
            _("Email"),
            _("Name"),
            _("Language"),
            _("Enrolled at"),
            _("Progress (%)"),
            _("Pre-test score"),
            _("Post-test score"),
            _("Knowledge gain"),
            _("Completed at"),
        ]
    )
    for e in enrolments.order_by("user__email"):
        data.append(
            [
                e.user.email,
                e.user.get_full_name(),
                e.course.locale_id and e.course.locale.language_code,
                e.enrolled_at.replace(tzinfo=None),
                100 if e.completed_at else int(e.percent),
                e.pre_score,
                e.post_score,
                e.knowledge_gain,
                e.completed_at.replace(tzinfo=None) if e.completed_at else None,
            ]
        )
    if fmt == "xlsx":
        body = dataset_to_xlsx(data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        body = dataset_to_csv(data)
        content_type = "text/csv; charset=utf-8"
    else:
        raise PermissionDenied
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}-report.{fmt}"'
    return response


class BulkEnrolForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("email"),
        required=False,
        label=gettext_lazy("Choose people"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    file = forms.FileField(
        required=False,
        label=gettext_lazy("Or upload a spreadsheet (xlsx or csv)"),
        help_text=gettext_lazy(
            "One row per person, with a column “email” and optional “first_name”, “last_name”. "
            "People without an account are invited by email."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = visible_users(user, self.fields["users"].queryset)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        name = upload.name.lower()
        try:
            if name.endswith(".xlsx"):
                content = upload.read()
                check_xlsx_container(content)
                data = XLSX().create_dataset(content)
            elif name.endswith(".csv"):
                data = CSV().create_dataset(upload.read().decode("utf-8-sig"))
            else:
                raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        except (ValueError, KeyError, UnicodeDecodeError, OSError) as error:
            raise forms.ValidationError(
                _("This file cannot be read: %(e)s") % {"e": error}
            ) from error
        except Exception as error:  # openpyxl raises its own errors for damaged files
            if isinstance(error, forms.ValidationError):
                raise
            raise forms.ValidationError(_("This file cannot be read as a spreadsheet.")) from error
        headers = [str(h or "").strip().lower() for h in (data.headers or [])]
        if "email" not in headers:
            raise forms.ValidationError(_("The file has no “email” column."))
        if data.height > MAX_ROWS:
            raise forms.ValidationError(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": MAX_ROWS}
            )
        rows = []
        for line, values in enumerate(data, start=2):
            row = dict(zip(headers, values, strict=False))
            rows.append(
                {
                    "line": line,
                    "email": str(row.get("email") or "").strip().lower(),
                    "first_name": str(row.get("first_name") or "").strip(),
                    "last_name": str(row.get("last_name") or "").strip(),
                }
            )
        return rows


def bulk_enrol_preview(*, course: CoursePage, rows: list[dict]) -> list[dict]:
    """What confirming would do, row by row: enrol, invite and enrol, skip, or an error."""
    User = get_user_model()
    emails = {row["email"] for row in rows if row["email"]}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    enrolled = set(
        Enrolment.objects.filter(
            course_key=course.translation_key, user__email__in=emails
        ).values_list("user__email", flat=True)
    )
    seen = set()
    preview = []
    for row in rows:
        email = row["email"]
        if "@" not in email or "." not in email.split("@")[-1]:
            action, ok = _("Not an email address: nothing will be done"), False
        elif email in seen:
            action, ok = _("Duplicate of an earlier row: skipped"), False
        elif email in enrolled:
            action, ok = _("Already enrolled: skipped"), False
        elif email in users:
            action, ok = _("Will be enrolled"), True
        else:
            action, ok = _("New account: will be invited by email and enrolled"), True
        seen.add(email)
        preview.append({**row, "action": action, "ok": ok})
    return preview


def bulk_enrol(request, page_id: int):
    _require(request, ENROL_PERMISSION)
    course = get_object_or_404(CoursePage, pk=page_id)
    context = {
        "page_title": _("Enrol people: %(title)s") % {"title": course.title},
        "header_icon": "user",
        "course": course,
    }
    if request.method == "POST" and request.POST.get("confirm"):
        rows = request.session.pop(f"courses-bulk-{course.pk}", None)
        if not rows:
            messages.error(request, _("The preview expired; upload the file again."))
            return redirect("courses_admin:bulk_enrol", page_id=course.pk)
        return _bulk_enrol_confirm(request, course, rows)
    form = BulkEnrolForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["users"]
        rows = form.cleaned_data["file"]
        if chosen:
            result = services.enrolments_bulk_create(
                users=list(chosen), course=course, enrolled_by=request.user
            )
            messages.success(
                request,
                _("%(created)s enrolled, %(existing)s were already enrolled.") % result,
            )
            return redirect("courses_admin:report", page_id=course.pk)
        if rows:
            preview = bulk_enrol_preview(course=course, rows=rows)
            request.session[f"courses-bulk-{course.pk}"] = [r for r in preview if r["ok"]]
            context.update({"preview": preview, "valid": sum(r["ok"] for r in preview)})
            return TemplateResponse(request, "courses/admin/bulk_enrol.html", context)
        form.add_error(None, _("Choose people or upload a file."))
    context["form"] = form
    return TemplateResponse(request, "courses/admin/bulk_enrol.html", context)


def _bulk_enrol_confirm(request, course, rows):
    User = get_user_model()
    invited = 0
    users = []
    for row in rows:
        user = User.objects.filter(email__iexact=row["email"]).first()
        if user is None:
            try:
                user, _created = user_invite(
                    email=row["email"], first_name=row["first_name"], last_name=row["last_name"]
                )
            except InvitationError as error:
                messages.error(request, str(error))
                continue
            invited += 1
        users.append(user)
    result = services.enrolments_bulk_create(
        users=users, course=course, enrolled_by=request.user, source=Enrolment.Source.IMPORT
    )
    messages.success(
        request,
        _("%(created)s enrolled (%(invited)s invited), %(existing)s were already enrolled.")
        % {**result, "invited": invited},
    )
    return redirect("courses_admin:report", page_id=course.pk)


class ResetForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Reason (kept for audit)"),
        max_length=1000,
    )


def attempt_reset_view(request, pk: int):
    _require(request, ENROL_PERMISSION)
    attempt = get_object_or_404(QuizAttempt.objects.select_related("user", "quiz"), pk=pk)
    if not for_visible_users(request.user, QuizAttempt.objects.filter(pk=pk)).exists():
        raise PermissionDenied  # 403, not 404: the admin's 404 becomes a language redirect
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attempt_reset(
                attempt=attempt, reset_by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.CourseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The attempt was reset; the trainee can try again."))
        return redirect("courses_admin:report", page_id=attempt.course_id)
    return TemplateResponse(
        request,
        "courses/admin/attempt_reset.html",
        {
            "page_title": _("Reset an attempt"),
            "header_icon": "history",
            "attempt": attempt,
            "form": form,
        },
    )


def report_index(request):
    """Every course (in the default language) with its enrolment and completion counts."""
    _require(request, REPORT_PERMISSION)
    from django.conf import settings
    from django.db.models import Count, OuterRef, Q, Subquery

    counts = (
        Enrolment.objects.filter(course_key=OuterRef("translation_key"))
        .order_by()
        .values("course_key")
    )
    courses = (
        CoursePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .annotate(
            enrolled=Subquery(counts.annotate(n=Count("pk")).values("n")),
            completed=Subquery(
                counts.annotate(n=Count("pk", filter=Q(completed_at__isnull=False))).values("n")
            ),
        )
        .order_by("title")
    )
    return TemplateResponse(
        request,
        "courses/admin/report_index.html",
        {
            "page_title": _("Course reports"),
            "header_icon": "doc-full-inverse",
            "courses": courses,
            "can_enrol": request.user.has_perm(ENROL_PERMISSION),
        },
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"))
    first_name = forms.CharField(label=gettext_lazy("First name"), required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), required=False)


def invite(request):
    _require(request, ENROL_PERMISSION)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, created = user_invite(**form.cleaned_data)
        if created:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
        elif user.has_usable_password():
            messages.warning(
                request, _("%(email)s already has an account.") % {"email": user.email}
            )
        else:
            messages.success(
                request, _("Invitation sent again to %(email)s.") % {"email": user.email}
            )
        return redirect("courses_admin:invite")
    return TemplateResponse(
        request,
        "courses/admin/form.html",
        {"page_title": _("Invite a trainee"), "header_icon": "mail", "form": form},
    )


def registrations(request):
    _require(request, ENROL_PERMISSION)
    from .accounts import registration_request_decide
    from .models import RegistrationRequest

    if request.method == "POST":
        request_obj = get_object_or_404(RegistrationRequest, pk=request.POST.get("pk"))
        try:
            registration_request_decide(
                request_obj=request_obj,
                approve=request.POST.get("decision") == "approve",
                decided_by=request.user,
            )
        except InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("courses_admin:registrations")
    return TemplateResponse(
        request,
        "courses/admin/registrations.html",
        {
            "page_title": _("Registration requests"),
            "header_icon": "user",
            "pending": RegistrationRequest.objects.filter(decided_at__isnull=True).select_related(
                "user"
            ),
            "decided": RegistrationRequest.objects.filter(decided_at__isnull=False)
            .select_related("user", "decided_by")
            .order_by("-decided_at")[:50],
        },
    )
