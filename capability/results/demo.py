"""Demo results (`manage.py load_demo`): runs after the register's demo, whose people and
workshops it builds on. The content is in `indicators/demo.py`; then the last closed
quarter is released (audited like any release) so the public results page has figures."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from .indicators.demo import load_demo as load_indicators
from .models import Release
from .releases.services import closed_quarter_ends, release_create

DEMO_RELEASER = "programme.staff@ctps.example"


def load_demo(*, stdout=None) -> None:
    load_indicators(stdout=stdout)
    user = get_user_model().objects.filter(email=DEMO_RELEASER).first()
    ends = closed_quarter_ends()
    if Release.objects.exists() or user is None or not ends:
        return
    try:
        release_create(end=ends[-1], user=user)
    except ValidationError as error:
        if stdout is not None:
            stdout.write(f"No demo release: {' '.join(error.messages)}\n")
