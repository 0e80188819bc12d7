"""The load test's users (run by loadtest/run.py, one locust run per phase).

- the mix: 50 trainees taking lessons and quizzes, 6 staff opening listings, 4 managers
  reading the dashboards (`Trainee`, `Staff`, `Manager`);
- the floor: signed-in trainees reading the bare Wagtail page (`BarePage`), the same harness
  (same sessions, headers, cookies, think time) on the cheapest page the site serves.

Every user starts signed in with a session the seed made (loadtest/seed.py), as the sign-in
form would have left it: a sign-in costs a password hash, a one-off per session, not the
steady traffic the phases measure.

Think time is `LOADTEST_THINK` times each class's range (run.py sets 0: every user sends its
next request as soon as the last one is answered, so throughput measures the server's
capacity, not the users' pace).

Every request goes as if through the TLS proxy (X-Forwarded-Proto: https): production
settings keep secure cookies, HSTS and the SSL redirect on. Each write the server accepts
(quiz submission, lesson completion) is recorded here and checked against the database
afterwards by run.py.
"""

import itertools
import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy

import pages  # loadtest/pages.py: locust puts the locustfile's folder on the path
from locust import HttpUser, between, events, task

SEED = json.load(open(os.environ["LOADTEST_SEED"]))  # noqa: SIM115
TRAINEES = itertools.cycle(SEED["trainees"])
SUBMITTED: list[int] = []  # attempt ids the server accepted
COMPLETED: list[list] = []  # [username, lesson id] of each lesson completion accepted
THINK = float(os.environ.get("LOADTEST_THINK", "1"))
STAFF = ["country.staff@ctps.example", "kenya.staff@ctps.example", "programme.staff@ctps.example"]
MANAGER = "manager@ctps.example"


# Send the secure cookies over the plain-HTTP hop the TLS proxy would terminate. Patched on the
# class: requests builds a fresh cookie jar (default policy) for every request it prepares.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


def think(low: float, high: float):
    return between(low * THINK, high * THINK)


class SignedInUser(HttpUser):
    """Starts signed in: the session the seed made for its account (loadtest/seed.py)."""

    abstract = True

    def on_start(self):
        origin = self.host.replace("http://", "https://")
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/"}
        )
        self.account = self.username()
        self.client.cookies.set(SEED["session_cookie"], SEED["sessions"][self.account])

    def username(self) -> str:
        raise NotImplementedError

    def csrf(self, html: str) -> str:
        return pages.csrf(html) or self.client.cookies.get("csrftoken", "")

    def post(self, path, data, name=None, html="", follow=False):
        data = {"csrfmiddlewaretoken": self.csrf(html), **data}
        return self.client.post(path, data, name=name or path, allow_redirects=follow)


class Trainee(SignedInUser):
    fixed_count = 50
    wait_time = think(1, 3)

    def on_start(self):
        self.course_plan = list(SEED["courses"])
        super().on_start()

    def username(self):
        return next(TRAINEES)

    def take_test(self, course, kind):
        response = self.post(f"/en/learning/courses/{course['id']}/test/{kind}/", {}, "start test")
        location = response.headers.get("Location", "")
        match = re.search(r"/attempts/(\d+)/", location)
        if not match:
            return
        attempt = match.group(1)
        page = self.client.get(f"/en/learning/attempts/{attempt}/", name="attempt").text
        answers = pages.answers(page)
        submitted = self.post(f"/en/learning/attempts/{attempt}/", answers, "submit test", page)
        if submitted.status_code == 302 and "/result/" in submitted.headers.get("Location", ""):
            SUBMITTED.append(int(attempt))
            self.client.get(f"/en/learning/attempts/{attempt}/result/", name="result")

    @task(1)
    def follow_course(self):
        """The course once: pre-test, every lesson, post-test."""
        if not self.course_plan:
            return self.browse()
        course = self.course_plan.pop(0)
        self.client.get(course["url"], name="course page")
        if course["pre"]:
            self.take_test(course, "pre")
        for lesson in course["lessons"]:
            page = self.client.get(lesson["url"], name="lesson").text
            path = f"/en/learning/lessons/{lesson['id']}/complete/"
            # followed to the page it leads to: only its message tells done from refused
            done = self.post(path, {}, "complete lesson", page, follow=True)
            if done.status_code == 200 and pages.lesson_accepted(done.text):
                COMPLETED.append([self.account, lesson["id"]])
        if course["post"]:
            self.take_test(course, "post")

    @task(3)
    def browse(self):
        self.client.get("/en/learning/my/", name="my learning")
        course = random.choice(SEED["courses"])  # noqa: S311
        if course["lessons"]:
            self.client.get(random.choice(course["lessons"])["url"], name="lesson")  # noqa: S311


class Staff(SignedInUser):
    fixed_count = 6
    wait_time = think(2, 5)
    pages = [
        ("/admin/capability_person/", "people listing"),
        ("/admin/capability_attendance/", "attendance listing"),
        ("/admin/capability_workshop/", "workshop listing"),
        ("/admin/courses-reports/", "course reports"),
        ("/admin/courses/enrolments/", "enrolment listing"),
    ]

    def username(self):
        return random.choice(STAFF)  # noqa: S311

    @task
    def listing(self):
        path, name = random.choice(self.pages)  # noqa: S311
        self.client.get(path, name=name)


class Manager(SignedInUser):
    fixed_count = 4
    wait_time = think(2, 5)

    def username(self):
        return MANAGER

    @task
    def dashboard(self):
        self.client.get("/admin/", name="admin dashboard")
        for path in SEED["dashboards"]:
            self.client.get(path, name="indicator dashboard")


class BarePage(SignedInUser):
    """The floor: a signed-in trainee reading a plain Wagtail page (empty template)."""

    wait_time = think(1, 3)

    def username(self):
        return next(TRAINEES)

    @task
    def bare(self):
        self.client.get(SEED["bare"], name="bare page")


@events.test_stop.add_listener
def write_writes(environment, **kwargs):
    with open(os.environ["LOADTEST_WRITES"], "w") as handle:
        json.dump({"submitted": SUBMITTED, "completed": COMPLETED}, handle)
