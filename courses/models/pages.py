"""Course pages: thin models.

Wagtail serves a page through its model; `serve` and `get_context` hand over to the view
layer (`courses.views.public.pages`), imported when called: that module imports these
models. Rules are in `courses.access`, reads in `courses.selectors`, writes in
`courses.services`.
"""

from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from ctps_common.pages import CachedChildRouteMixin

from ..blocks import LessonStreamBlock
from ..cache import CachedRestrictionsMixin, cached
from ..querysets import CourseQuerySet

TOPICS = [
    ("risk", _("Risk assessment")),
    ("command", _("Command and control")),
    ("protection", _("Protective tactics")),
    ("response", _("Reaction and recovery")),
    ("cooperation", _("Public–private cooperation")),
    ("awareness", _("Awareness for national authorities")),
]
AUDIENCES = [
    ("police", _("Police and gendarmerie")),
    ("authority", _("National authorities")),
    ("operator", _("Venue operators")),
    ("private", _("Private security")),
    ("all", _("Everyone protecting public spaces")),
]
# The audiences a trainee can pick in the catalogue: "all" is a course's audience, never a
# filter (a course for everyone appears under every audience).
AUDIENCE_FILTERS = [(value, label) for value, label in AUDIENCES if value != "all"]


class SpecificChildRouteMixin(CachedRestrictionsMixin, CachedChildRouteMixin):
    """Route to a child of the expected type, from the page-tree cache or in one query.

    Children of another type (none today) and unknown slugs route the standard way.
    """

    child_page_model_name = ""

    def find_child(self, slug: str):
        model = apps.get_model("courses", self.child_page_model_name)
        return model.objects.child_of(self).filter(slug=slug).first()


class CourseIndexPage(SpecificChildRouteMixin, Page):
    """The catalogue of courses, filterable by topic, audience and language."""

    intro = RichTextField(blank=True, verbose_name=_("Introduction"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1
    child_page_model_name = "CoursePage"

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from ..views.public.pages import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context


class CoursePageForm(WagtailAdminPageForm):
    """The course editor refuses a post-test that would ask the pre-test's questions again."""

    def clean(self):
        cleaned = super().clean()
        pre, post = cleaned.get("pre_test"), cleaned.get("post_test")
        if pre and post and pre.bank_id == post.bank_id:
            size = pre.bank.questions.count()
            if (pre.draw_count or size) + (post.draw_count or size) > size:
                self.add_error(
                    "post_test",
                    _(
                        "This post-test draws from the pre-test's bank of %(size)s questions "
                        "and would ask some of them again: draw at most half of the bank in "
                        "each test, or choose a post-test with its own bank (an equivalent "
                        "form)."
                    )
                    % {"size": size},
                )
        return cleaned


class CoursePage(SpecificChildRouteMixin, Page):
    """A course: its outline is public, its lessons and quizzes are for enrolled trainees."""

    summary = models.TextField(verbose_name=_("Summary"))
    objectives = RichTextField(
        features=["bold", "italic", "ul", "ol"], verbose_name=_("Learning objectives")
    )
    audience = models.CharField(
        max_length=20, choices=AUDIENCES, default="all", verbose_name=_("Main audience")
    )
    audience_note = models.CharField(
        max_length=255, blank=True, verbose_name=_("Who should take it")
    )
    topic = models.CharField(max_length=20, choices=TOPICS, verbose_name=_("Topic"))
    estimated_hours = models.DecimalField(
        max_digits=4, decimal_places=1, default=1, verbose_name=_("Estimated hours")
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("Pass mark (%)"),
        help_text=_("Score needed in the post-test to complete the course."),
    )
    self_enrolment = models.BooleanField(
        default=True,
        verbose_name=_("Trainees may enrol themselves"),
        help_text=_("Switch off to let only staff enrol trainees."),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        verbose_name=_("Certificate valid for (months)"),
        help_text=_("Leave empty for certificates that never expire, e.g. 24 for two years."),
    )
    pre_test = models.ForeignKey(
        "courses.Quiz",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Pre-test"),
        help_text=_("Taken once, before the first lesson, to measure prior knowledge."),
    )
    post_test = models.ForeignKey(
        "courses.Quiz",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Post-test"),
        help_text=_("Taken after every required lesson; passing it completes the course."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("topic"), FieldPanel("audience")]),
                InlinePanel("extra_audiences", label=_("Also written for")),
                FieldPanel("audience_note"),
                FieldRowPanel([FieldPanel("estimated_hours"), FieldPanel("pass_mark")]),
                FieldPanel("self_enrolment"),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("Catalogue and rules"),
        ),
        MultiFieldPanel(
            [FieldPanel("pre_test"), FieldPanel("post_test")], heading=_("Knowledge tests")
        ),
        InlinePanel("competencies", label=_("Competencies this course builds")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.CourseIndexPage"]
    base_form_class = CoursePageForm

    objects = PageManager.from_queryset(CourseQuerySet)()
    subpage_types = ["courses.LessonPage"]
    child_page_model_name = "LessonPage"

    class Meta:
        verbose_name = _("course")
        permissions = [
            ("view_course_reports", _("Can view course reports")),
            ("manage_enrolments", _("Can enrol trainees and reset attempts")),
        ]

    def competency_list(self) -> list[dict]:
        """Code, level and the name trainees read: this language version's own, else the
        one a plugin knows for the code (hook `courses_competency_names`), else the code."""
        competencies = list(self.competencies.all())
        known = {}
        if any(not c.name for c in competencies):
            for fn in hooks.get_hooks("courses_competency_names"):
                known.update(fn([c.code for c in competencies]) or {})
        return [
            {"code": c.code, "level": c.level, "name": c.name or known.get(c.code) or c.code}
            for c in competencies
        ]

    def cached_competencies(self) -> list[dict]:
        """The competency list of the live page, kept per page-tree version."""
        return cached("competencies", self.pk, self.competency_list)

    def lessons(self):
        return LessonPage.objects.live().child_of(self).order_by("path")

    def get_context(self, request, *args, **kwargs):
        from ..views.public.pages import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context


class CourseCompetency(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="competencies")
    code = models.CharField(max_length=40, verbose_name=_("Competency code"))
    level = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)], verbose_name=_("Level")
    )
    name = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("Name shown to trainees"),
        help_text=_(
            "In this course's language (translated with the course). Empty: the register's "
            "name of the code."
        ),
    )

    panels = [FieldRowPanel([FieldPanel("code"), FieldPanel("level")]), FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("competency")


class CourseAudience(Orderable):
    """Another audience the course is written for: the catalogue lists it under each."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="extra_audiences")
    audience = models.CharField(max_length=20, choices=AUDIENCE_FILTERS, verbose_name=_("Audience"))

    panels = [FieldPanel("audience")]

    class Meta(Orderable.Meta):
        verbose_name = _("audience")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "audience"], name="courses_courseaudience_unique"
            )
        ]


class LessonPage(CachedRestrictionsMixin, Page):
    """One lesson; marked complete when the trainee reaches its end and confirms."""

    body = StreamField(LessonStreamBlock(), verbose_name=_("Body"))
    estimated_minutes = models.PositiveSmallIntegerField(
        default=15, verbose_name=_("Estimated minutes")
    )
    required = models.BooleanField(
        default=True,
        verbose_name=_("Required for completion"),
        help_text=_("Optional lessons count for progress only when done."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required")]),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def serve(self, request, *args, **kwargs):
        from ..views.public.pages import lesson_refusal_response

        refusal = lesson_refusal_response(self, request)
        if refusal is not None:
            return refusal
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..views.public.pages import lesson_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(self, request))
        return context
