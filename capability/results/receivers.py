"""Reactions to the register's events (connected in CapabilityResultsConfig.ready)."""

from .models import FollowUp


def erase_follow_up_notes(sender, *, person, **kwargs):
    """Follow-up notes are free text about the person: they go with the person's identity.
    The follow-ups stay (dates, method, whether learning is applied): figures count them."""
    FollowUp.objects.filter(person=person).exclude(note="").update(note="")
