# The heading block is now the one of ctps_common.blocks: its choice is called `level`
# (`size` before), in saved pages and their revisions too.

import wagtail.fields
from django.db import migrations
from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.blocks.migrations.operations import RenameStructChildrenOperation


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="homepage",
            name="body",
            field=wagtail.fields.StreamField(
                [
                    ("heading", 2),
                    ("paragraph", 3),
                    ("image", 7),
                    ("cards", 14),
                    ("call_to_action", 21),
                ],
                blank=True,
                block_lookup={
                    0: ("wagtail.blocks.CharBlock", (), {"label": "Text", "max_length": 160}),
                    1: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {"choices": [("h2", "Level 2"), ("h3", "Level 3")], "label": "Level"},
                    ),
                    2: ("wagtail.blocks.StructBlock", [[("text", 0), ("level", 1)]], {}),
                    3: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": ["bold", "italic", "link", "ol", "ul"],
                            "icon": "pilcrow",
                            "label": "Paragraph",
                        },
                    ),
                    4: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "Image"}),
                    5: ("wagtail.blocks.CharBlock", (), {"label": "Caption", "required": False}),
                    6: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Describe the image for blind readers.",
                            "label": "Alternative text",
                            "required": False,
                        },
                    ),
                    7: (
                        "wagtail.blocks.StructBlock",
                        [[("image", 4), ("caption", 5), ("alt_text", 6)]],
                        {},
                    ),
                    8: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Title", "max_length": 120, "required": False},
                    ),
                    9: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Badge", "max_length": 12, "required": False},
                    ),
                    10: ("wagtail.blocks.CharBlock", (), {"label": "Title", "max_length": 120}),
                    11: ("wagtail.blocks.TextBlock", (), {"label": "Text"}),
                    12: (
                        "wagtail.blocks.StructBlock",
                        [[("badge", 9), ("title", 10), ("text", 11)]],
                        {},
                    ),
                    13: ("wagtail.blocks.ListBlock", (12,), {"label": "Cards"}),
                    14: ("wagtail.blocks.StructBlock", [[("title", 8), ("cards", 13)]], {}),
                    15: ("wagtail.blocks.TextBlock", (), {"label": "Text", "required": False}),
                    16: ("wagtail.blocks.CharBlock", (), {"label": "Label", "max_length": 80}),
                    17: (
                        "wagtail.blocks.PageChooserBlock",
                        (),
                        {"label": "Page", "required": False},
                    ),
                    18: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Or a URL", "max_length": 300, "required": False},
                    ),
                    19: (
                        "wagtail.blocks.StructBlock",
                        [[("label", 16), ("page", 17), ("url", 18)]],
                        {},
                    ),
                    20: ("wagtail.blocks.ListBlock", (19,), {"label": "Links"}),
                    21: (
                        "wagtail.blocks.StructBlock",
                        [[("title", 10), ("text", 15), ("links", 20)]],
                        {},
                    ),
                },
                verbose_name="Body",
            ),
        ),
        MigrateStreamData(
            app_name="home",
            model_name="homepage",
            field_name="body",
            operations_and_block_paths=[
                (RenameStructChildrenOperation("size", "level"), "heading")
            ],
        ),
    ]
