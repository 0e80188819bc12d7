"""The site's pages and the courses share one heading block (ctps_common.blocks)."""

import importlib

from django.apps import apps

from ctps_common.blocks import HeadingBlock
from home.blocks import BaseStreamBlock
from home.models import HomePage
from tests.factories.site import HomePageFactory


def test_home_pages_use_the_shared_heading_block():
    assert type(BaseStreamBlock().child_blocks["heading"]) is HeadingBlock


def test_saved_headings_are_migrated_from_size_to_level(client, db):
    page = HomePageFactory()
    old = [{"type": "heading", "value": {"text": "Before the match", "size": "h3"}, "id": "a1"}]
    HomePage.objects.filter(pk=page.pk).update(body=old)
    migration = importlib.import_module("home.migrations.0003_heading_block_level")
    rename = migration.Migration.operations[-1]
    rename.code(apps, None)
    page.refresh_from_db()
    assert page.body.raw_data[0]["value"] == {"text": "Before the match", "level": "h3"}
    page.save_revision().publish()
    assert "<h3>Before the match</h3>" in client.get("/en/").content.decode()
