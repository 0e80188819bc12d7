import pytest
from django.core.management import call_command

DEMO_PASSWORD = "ctps-demo-2026"


@pytest.fixture
def demo(db):
    """The demo site, pages and users, loaded the way `make run` loads them."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def login(client):
    """Log the test client in as one of the demo users by email."""

    def _login(email: str):
        assert client.login(username=email, password=DEMO_PASSWORD), f"cannot log in as {email}"
        return client

    return _login
