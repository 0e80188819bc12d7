"""QuerySets of the courses models: named queries, nothing else.

The models use these as their managers, so this module cannot import the models: a query
that needs another model finds it in the app registry (`_model`). Progress, rules and
responses live above: `selectors`, `access`, `services`, `views`.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from wagtail.models import PageQuerySet

from ctps_common.writes import SignallingQuerySet


def _model(name: str):
    return apps.get_model("courses", name)


class CourseQuerySet(PageQuerySet):
    def with_lesson_count(self):
        """Annotate the number of live lessons under each course."""
        lessons = (
            _model("LessonPage")
            .objects.live()
            .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
            .order_by()
            .values("depth")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(lesson_count=Subquery(lessons))

    def with_enrolment_of(self, user):
        """Annotate `is_enrolled` for the given user (False for anonymous visitors)."""
        if not user.is_authenticated:
            return self.annotate(is_enrolled=Q(pk__in=[]))
        enrolments = _model("Enrolment").objects.filter(
            user=user, course_key=OuterRef("translation_key")
        )
        return self.annotate(is_enrolled=Exists(enrolments))

    def for_audience(self, audience: str):
        """Courses written for `audience`: their main audience, everyone, or one of the others."""
        extra = _model("CourseAudience").objects.filter(course=OuterRef("pk"), audience=audience)
        return self.filter(Q(audience=audience) | Q(audience="all") | Exists(extra))

    def catalogue(self, *, index, user, topic="", audience="", language=""):
        """Live courses for the catalogue, in one language, with optional filters."""
        qs = self.live().public().select_related("locale")
        qs = qs.filter(locale__language_code=language or index.locale.language_code)
        if topic:
            qs = qs.filter(topic=topic)
        if audience:
            qs = qs.for_audience(audience)
        return qs.with_lesson_count().with_enrolment_of(user).order_by("title")


class EnrolmentQuerySet(SignallingQuerySet):
    def of_trainee(self, *, user_id: int, course_key):
        """The user's enrolment in a course (any language version), or None.

        Every signed-in course and lesson page runs this read. It is written in SQL because
        compiling the equivalent ORM query costs about twice as long as running it.
        """
        model = self.model
        field = model._meta.get_field("course_key")
        connection = connections[self.db]
        quote = connection.ops.quote_name
        # Identifiers come from the model's own metadata; values are parameters.
        table, column = quote(model._meta.db_table), quote(field.column)
        sql = f"SELECT * FROM {table} WHERE {quote('user_id')} = %s AND {column} = %s"  # noqa: S608
        key = field.get_db_prep_value(course_key, connection)
        return next(iter(model.objects.raw(sql, [user_id, key]).using(self.db)), None)


class QuizAttemptQuerySet(models.QuerySet):
    def not_reset(self):
        """Attempts that count: staff reset the others (and gave them back to the trainee)."""
        return self.exclude(status=self.model.Status.RESET)

    def closed(self):
        """Submitted or expired attempts: graded, their score stands."""
        return self.filter(status__in=[self.model.Status.SUBMITTED, self.model.Status.EXPIRED])


class CertificateQuerySet(SignallingQuerySet):
    def valid(self, *, now=None):
        """Neither revoked nor past their expiry date."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def expiring(self, *, within_days: int = 90, now=None):
        """Valid certificates whose expiry falls within the next `within_days` days."""
        now = now or timezone.now()
        return self.valid(now=now).filter(
            expires_at__lte=now + timezone.timedelta(days=within_days)
        )

    def reminder_due(self, *, within_days: int, now=None):
        """Valid certificates expiring within `within_days` days whose holder was not reminded
        yet, unless a newer certificate of the same course replaced them (a renewal)."""
        now = now or timezone.now()
        newer = self.model.objects.filter(
            user=OuterRef("user"),
            course_key=OuterRef("course_key"),
            completed_at__gt=OuterRef("completed_at"),
        )
        return (
            self.expiring(within_days=within_days, now=now)
            .filter(reminder_sent_at__isnull=True)
            .exclude(Exists(newer))
        )

    def expired(self, *, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__lte=now)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)


class XapiStatementQuerySet(models.QuerySet):
    def unsent(self):
        """Waiting to be sent (pending), whether due now or later; not those rejected."""
        return self.filter(status="pending")

    def failed(self):
        """Rejected by the LRS: they wait for staff to retry them."""
        return self.filter(status="failed")

    def due(self, *, now=None):
        """Pending statements whose (re)try time has come, oldest first. A worker's claim
        moves `next_attempt_at` past its lease, so claimed rows are not due."""
        now = now or timezone.now()
        return self.unsent().filter(next_attempt_at__lte=now).order_by("stored", "id")

    def between(self, start, end):
        return self.filter(timestamp__gte=start, timestamp__lt=end).order_by("timestamp", "id")
