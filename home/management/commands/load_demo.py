from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo site, content and users (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        logins = []
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            loader = getattr(import_module(module_name), "load_demo", None)
            if loader is None:
                continue
            self.stdout.write(f"Loading demo data: {app_config.label}")
            logins.extend(loader(stdout=self.stdout) or [])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo logins:"))
        width = max((len(item["role"]) for item in logins), default=10)
        for item in logins:
            self.stdout.write(f"  {item['role']:<{width}}  {item['login']}  /  {item['password']}")
