"""StreamField blocks more than one plugin offers, defined once."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    """A section heading; pages supply their own h1, so levels 2 and 3 only."""

    text = blocks.CharBlock(label=_("Text"), max_length=160)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "ctps_common/blocks/heading.html"
        label = _("Heading")
