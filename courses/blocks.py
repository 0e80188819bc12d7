"""StreamField blocks of lesson pages. Every StructBlock sets icon, template and label."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from ctps_common.blocks import HeadingBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False, label=_("Alternative text"), help_text=_("Describe the image.")
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"
        label = _("Image")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, label=_("Link text"))

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document.html"
        label = _("Document")


class VideoEmbedBlock(blocks.StructBlock):
    """A hosted video shown as a link with a transcript: nothing loads until the trainee asks."""

    url = EmbedBlock(label=_("Video URL"))
    title = blocks.CharBlock(label=_("Title"))
    transcript = blocks.TextBlock(required=False, label=_("Transcript"))

    class Meta:
        icon = "media"
        template = "courses/blocks/video_embed.html"
        label = _("Video (embed)")


class UploadedVideoBlock(blocks.StructBlock):
    video = DocumentChooserBlock(label=_("Video file"), help_text=_("An MP4 or WebM document."))
    title = blocks.CharBlock(label=_("Title"))
    captions = DocumentChooserBlock(
        required=False,
        label=_("Captions"),
        help_text=_("A WebVTT (.vtt) document in the page's language."),
    )
    poster = ImageChooserBlock(
        required=False, label=_("Poster image"), help_text=_("Shown before the video plays.")
    )
    transcript = blocks.TextBlock(label=_("Transcript"))

    class Meta:
        icon = "media"
        template = "courses/blocks/uploaded_video.html"
        label = _("Video (uploaded) with transcript")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning")), ("tip", _("Tip"))],
        default="info",
        label=_("Kind"),
    )
    title = blocks.CharBlock(required=False, label=_("Title"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"], label=_("Text"))

    class Meta:
        icon = "warning"
        template = "courses/blocks/callout.html"
        label = _("Callout")


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Items"))

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/checklist.html"
        label = _("Checklist")


class ScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    situation = blocks.RichTextBlock(features=["bold", "italic", "ul", "ol"], label=_("Situation"))
    questions = blocks.ListBlock(
        blocks.CharBlock(label=_("Question")), label=_("Questions to discuss")
    )
    debrief = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "ul", "ol"], label=_("Debrief")
    )

    class Meta:
        icon = "group"
        template = "courses/blocks/scenario.html"
        label = _("Scenario / case study")


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], label=_("Rich text"), icon="pilcrow"
    )
    image = ImageBlock()
    document = DocumentBlock()
    video_embed = VideoEmbedBlock()
    video = UploadedVideoBlock()
    callout = CalloutBlock()
    checklist = ChecklistBlock()
    scenario = ScenarioBlock()
