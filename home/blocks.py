"""StreamField blocks for the site's own pages; pages of this site extend `BaseStreamBlock`.
Blocks that plugins offer too (the heading) come from `ctps_common.blocks`."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from ctps_common.blocks import HeadingBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    alt_text = blocks.CharBlock(
        required=False,
        label=_("Alternative text"),
        help_text=_("Describe the image for blind readers."),
    )

    class Meta:
        icon = "image"
        template = "home/blocks/image_block.html"
        label = _("Image")


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=80)
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.CharBlock(required=False, label=_("Or a URL"), max_length=300)

    class Meta:
        icon = "link"
        template = "home/blocks/link_block.html"
        label = _("Link")


class CardBlock(blocks.StructBlock):
    badge = blocks.CharBlock(required=False, label=_("Badge"), max_length=12)
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "doc-full"
        template = "home/blocks/card_block.html"
        label = _("Card")


class CardGridBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"), max_length=120)
    cards = blocks.ListBlock(CardBlock(), label=_("Cards"))

    class Meta:
        icon = "table"
        template = "home/blocks/card_grid_block.html"
        label = _("Cards")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(required=False, label=_("Text"))
    links = blocks.ListBlock(LinkBlock(), label=_("Links"))

    class Meta:
        icon = "pick"
        template = "home/blocks/call_to_action_block.html"
        label = _("Call to action")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], icon="pilcrow", label=_("Paragraph")
    )
    image = ImageBlock()
    cards = CardGridBlock()
    call_to_action = CallToActionBlock()
