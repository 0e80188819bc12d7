"""Dashboard results cached per filter set, each dashboard under a version of its own.

Each dashboard's aggregates read a known set of models (`reads()`, taken from
`capability/results/dashboards/*.py` and `indicators/queries.py`; the tests compare it with
the tables in the SQL every aggregate runs). A change to one of those models gives a new
version to the dashboards that read it, and to no other, so the next view of those
dashboards computes afresh and their old entries simply expire:

- a save or delete (post_save, post_delete, m2m_changed), wherever it comes from;
- a bulk write (update, bulk_create, bulk_update) of a model whose queryset is a
  `ctps_common.writes.SignallingQuerySet` (`bulk_written`): imports, and the course records
  the courses plugin writes with UPDATE (completion, scores, revocation);
- imports run inside `ctps_common.cache.batch()`: one new version at the end of the import,
  not one per row.

Nothing else: a lesson completion, an xAPI statement, a quiz attempt started, a session, a
sign-in or a page edit outside the courses leaves every dashboard cached; so do writes of
fields no dashboard reads (`IGNORED_FIELDS`: the enrolment's last lesson and progress
version, written by every lesson and attempt). The courses plugin is never imported: its
models are found in the app registry, when it is installed.

Where a dashboard reads only some fields or rows of a model (`partial_reads()`: trend and
disaggregation read completed enrolments only, learning enrolments with both test scores),
a write drops it only when it can change what the dashboard reads: a write naming fields
(`save(update_fields=...)`, `update()`) when one of them is read, and, for a row saved or
deleted or the rows of an `update()`, only when they are among those read, judged on the
fields the write leaves alone (an enrolment without a post-test score stays outside
learning's rows whatever its pre-test score becomes; the rows of an `update()` are found
again by its filter, one query, when that filter names none of the fields written). A new
enrolment drops the overview (it counts enrolments) and nothing else; a graded pre-test the
overview (and learning, once the post-test is scored too); a completion every dashboard
reading enrolments. A save of every field, a bulk creation or an m2m change drops every
dashboard the model feeds.

The versions live in the shared cache (Redis, `REDIS_URL`), so every app process sees a
change at once; with per-process local memory only the process that made the change does,
and the others keep their entries up to `CAPABILITY_DASHBOARD_CACHE_SECONDS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.db.models.sql.where import WhereNode

from ctps_common.cache import VersionedCache, bump
from ctps_common.writes import bulk_written

# Models as "app_label.ModelName". Trained people: workshop participants and online completers.
_TRAINED = (
    "capability.Person",
    "capability.Attendance",
    "capability.Workshop",
    "courses.Enrolment",
)


def reads() -> dict[str, tuple[str, ...]]:
    """The models each dashboard's aggregates read (whether installed or not)."""
    certificates = getattr(settings, "CAPABILITY_CERTIFICATE_MODEL", "courses.Certificate")
    reactions = getattr(settings, "CAPABILITY_REACTION_MODEL", "courses.SurveyResponse")
    return {
        # every indicator: definitions, baselines, targets, manual values, every computation
        "overview": (
            *_TRAINED,
            "capability.Country",
            "capability.Organisation",
            "capability.CompetencyEvidence",
            "capability_results.Indicator",
            "capability_results.IndicatorBaseline",
            "capability_results.IndicatorTarget",
            "capability_results.IndicatorValue",
            "capability_results.Deliverable",
            "capability_results.FollowUp",
            "courses.CoursePage",  # estimated hours of completed courses (person-hours)
            certificates,
            reactions,
        ),
        # people trained and workshops held per quarter, and both indicators' targets; the
        # partner countries (year-end points are protected with the yearly table's countries)
        "trend": (
            *_TRAINED,
            "capability.Country",
            "capability_results.Indicator",
            "capability_results.IndicatorTarget",
        ),
        # people trained by sex and organisation type, per country
        "disaggregation": (*_TRAINED, "capability.Country", "capability.Organisation"),
        # workshop and online scores, gains per workshop kind and per course (its title)
        "learning": (*_TRAINED, "courses.CoursePage"),
        # people at each level per country and competency area
        "competencies": (
            "capability.Country",
            "capability.Person",
            "capability.Competency",
            "capability.ProficiencyLevel",
            "capability.CompetencyEvidence",
        ),
    }


# Fields that no dashboard reads, written on every lesson and attempt: such writes are ignored.
IGNORED_FIELDS = {"courses.Enrolment": frozenset({"last_lesson", "progress_version"})}


@dataclass(frozen=True)
class Partial:
    """What a dashboard reads of a model it reads only in part.

    `fields`: the fields it reads (a write naming none of them leaves it cached);
    `present`: fields that must be set (not null) for a row to be read at all: a row saved or
    deleted with one of them empty, and not written by that save, was outside the rows read
    before the write and is still outside after it.
    """

    fields: frozenset[str]
    present: frozenset[str] = field(default_factory=frozenset)

    def concerns(self, row, written: frozenset[str] | None, queryset=None) -> bool:
        """Whether a write of `written` (None: every field) to `row`, or to the rows of
        `queryset` (an `update()`), can change what the dashboard reads; neither: rows
        unknown, so it can."""
        if written is not None and not written & self.fields:
            return False
        # A full save or a delete: every field counts, as the row is now (before, for a
        # delete); a write of some fields: the others are the same before and after it.
        unwritten = self.present if written is None else self.present - written
        if not unwritten:
            return True
        if row is not None:
            return all(getattr(row, name) is not None for name in unwritten)
        filtered_on = _filtered_on(queryset) if queryset is not None else None
        if filtered_on is None or (written is None or filtered_on & written):
            return True  # the filter cannot find the same rows again after the write
        rows = queryset.filter(**{f"{name}__isnull": False for name in unwritten})
        rows.query.select_for_update = False  # a read, perhaps outside any transaction
        return rows.exists()


def _filtered_on(queryset) -> frozenset[str] | None:
    """The names of the fields a queryset's filter compares, or None when one of its
    conditions is not a plain field lookup (which fields it reads is then unknown)."""
    names = set()
    nodes = [queryset.query.where]
    while nodes:
        node = nodes.pop()
        if isinstance(node, WhereNode):  # conditions grouped (AND, OR, NOT)
            nodes.extend(node.children)
            continue
        target = getattr(getattr(node, "lhs", None), "target", None)
        if target is None:
            return None
        names.add(target.name)
    return frozenset(names)


def partial_reads() -> dict[str, dict[str, Partial]]:
    """Per model, the dashboards that read only some of its fields or rows (see
    `indicators/queries.py` and `dashboards/*.py`; the tests compare the fields with the SQL)."""
    scores = frozenset({"pre_score", "post_score"})
    # Gains count matched pre/post forms only (written with the post-test score).
    gains = scores | {"matched_forms"}
    completed = frozenset({"completed_at"})
    return {
        "courses.Enrolment": {
            # enrolments, completions, completion rate, gains, person-hours, people trained
            "overview": Partial(
                frozenset({"user", "course", "course_key", "enrolled_at"}) | completed | gains
            ),
            # people trained: online completers (their first completion)
            "trend": Partial(frozenset({"user"}) | completed, present=completed),
            "disaggregation": Partial(frozenset({"user"}) | completed, present=completed),
            # online scores and gains per course, of enrolments with both tests taken
            "learning": Partial(
                frozenset({"user", "course", "course_key", "enrolled_at"}) | gains,
                present=scores,
            ),
        }
    }


def _timeout() -> int:
    return int(getattr(settings, "CAPABILITY_DASHBOARD_CACHE_SECONDS", 600))


caches = {slug: VersionedCache(f"capability:dashboards:{slug}", _timeout) for slug in reads()}


def cached(slug: str, key, compute):
    """`compute()` once per filter set (`key`) and version of the dashboard `slug`."""
    return caches[slug].cached(slug, key, compute)


def cache_key(slug: str, key) -> str:
    """Where `cached(slug, key, ...)` keeps its value under the dashboard's current version."""
    return caches[slug].key(slug, key)


def invalidate(*slugs: str) -> None:
    """New versions for these dashboards (all of them when none is named)."""
    bump(*(caches[slug] for slug in slugs or caches))


def installed_model(label: str):
    """The model `app_label.ModelName`, or None when its app is not installed."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):  # app not installed, or no such model
        return None


def feeds() -> dict[type, tuple[VersionedCache, ...]]:
    """Each installed model read by a dashboard, with the caches of the dashboards it feeds."""
    result: dict[type, list[VersionedCache]] = {}
    for slug, labels in reads().items():
        for label in labels:
            model = installed_model(label)
            if model is not None and caches[slug] not in result.setdefault(model, []):
                result[model].append(caches[slug])
    return {model: tuple(fed) for model, fed in result.items()}


_feeds: dict[type, tuple[VersionedCache, ...]] = {}
_ignored: dict[type, frozenset[str]] = {}
_partial: dict[type, dict[VersionedCache, Partial]] = {}


def _names(model, fields) -> frozenset[str] | None:
    """Field names as the model declares them (`update()` may name `user_id` for `user`)."""
    if fields is None:
        return None
    return frozenset(model._meta.get_field(name).name for name in fields)


def _changed(sender, fields, row=None, queryset=None) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return
    model = meta.concrete_model
    fed = _feeds.get(model)
    if not fed:
        return
    written = _names(model, fields)
    if written is not None and written <= _ignored.get(model, frozenset()):
        return
    partial = _partial.get(model, {})
    bump(
        *(
            versioned
            for versioned in fed
            if versioned not in partial or partial[versioned].concerns(row, written, queryset)
        )
    )


def _on_save(sender, instance=None, created=False, update_fields=None, **_kwargs) -> None:
    # A new row is new in every field; an existing one saved whole: which fields changed is
    # unknown, so no row can be ruled out.
    if created:
        _changed(sender, None, instance)
    elif update_fields is None:
        _changed(sender, None)
    else:
        _changed(sender, update_fields, instance)


def _on_delete(sender, instance=None, **_kwargs) -> None:
    _changed(sender, None, instance)


def _on_m2m(sender, action, **_kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _changed(sender, None)


def _on_bulk(sender, fields=None, queryset=None, **_kwargs) -> None:
    _changed(sender, fields, queryset=queryset)


def connect_invalidation() -> None:
    """Called from the app's ready(), once every installed model is known."""
    _feeds.clear()
    _feeds.update(feeds())
    _ignored.clear()
    for label, fields in IGNORED_FIELDS.items():
        model = installed_model(label)
        if model is not None:
            _ignored[model] = fields
    _partial.clear()
    for label, by_slug in partial_reads().items():
        model = installed_model(label)
        if model is not None:
            _partial[model] = {caches[slug]: partial for slug, partial in by_slug.items()}
    for signal, receiver in (
        (post_save, _on_save),
        (post_delete, _on_delete),
        (m2m_changed, _on_m2m),
        (bulk_written, _on_bulk),
    ):
        signal.connect(receiver, dispatch_uid=f"capability_dashboards_{id(signal)}")
