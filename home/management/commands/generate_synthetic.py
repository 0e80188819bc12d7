"""Synthetic data at programme scale, for the benchmark (bench/) and the load test.

Site-level because it spans both plugins: it creates the trainee accounts every plugin shares,
then calls `generate(*, scale, users, seed, stdout)` in the `synthetic` module of each
installed app (INSTALLED_APPS order), like `load_demo`. Each plugin builds its own rows and
imports nothing from the other. Everything is seeded: the same scale gives the same data.
"""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from home.roles import TRAINEE
from home.synthetic import (
    EMAIL_DOMAIN,
    PASSWORD,
    SEED,
    plugin_generators,
    trainee_count,
    trainee_email,
)

BATCH = 5_000


class Command(BaseCommand):
    help = (
        "Add seeded synthetic data (accounts, register, workshops, courses, progress) at scale "
        "S (1, 10, 100) on top of the demo. Refuses to run twice on the same database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1,
            help="1, 10 or 100; fractions (down to 0.01) make the tiny data sets tests use",
        )

    def handle(self, *args, scale: float, **options):
        if scale < 0.01:
            raise CommandError("--scale must be 0.01 or more.")
        scale = int(scale) if scale == int(scale) else scale
        users = get_user_model().objects
        if users.filter(username__endswith=EMAIL_DOMAIN).exists():
            raise CommandError(
                "Synthetic data is already in this database: generate_synthetic runs once per "
                "database. Rebuild it (bench/run.py makes a fresh one per scale)."
            )
        started = time.perf_counter()
        with transaction.atomic():
            user_ids = self.create_trainees(scale)
            for label, generate in plugin_generators():
                step = time.perf_counter()
                counts = generate(scale=scale, users=user_ids, seed=SEED, stdout=self.stdout)
                summary = ", ".join(f"{n:,} {what}" for what, n in counts.items())
                self.stdout.write(f"  {label}: {summary} ({time.perf_counter() - step:.1f} s)")
        # Planner statistics for the new rows, as after any bulk load: without them SQLite
        # joins a 500,000-row table in the wrong order (PostgreSQL's autovacuum would catch
        # up later; the bench measures right away).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data at scale {scale} ready in {time.perf_counter() - started:.0f} s "
                f"(accounts {trainee_email(0)}… share the password {PASSWORD})."
            )
        )

    def create_trainees(self, scale: float) -> list[int]:
        """Active trainee accounts; one shared hash, so hashing costs nothing at scale."""
        User = get_user_model()
        password = make_password(PASSWORD)
        count = trainee_count(scale)
        for start in range(0, count, BATCH):
            User.objects.bulk_create(
                User(
                    username=trainee_email(i),
                    email=trainee_email(i),
                    first_name=f"Trainee{i}",
                    last_name="Synthetic",
                    password=password,
                )
                for i in range(start, min(start + BATCH, count))
            )
        ids = list(
            User.objects.filter(username__endswith=EMAIL_DOMAIN)
            .order_by("username")
            .values_list("pk", flat=True)
        )
        self.stdout.write(f"  accounts: {len(ids):,} trainees")
        trainees = Group.objects.filter(name=TRAINEE).first()
        if trainees is not None:
            Membership = User.groups.through
            for start in range(0, len(ids), BATCH):
                Membership.objects.bulk_create(
                    Membership(user_id=pk, group_id=trainees.pk)
                    for pk in ids[start : start + BATCH]
                )
        return ids
