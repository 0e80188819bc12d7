"""How long a lesson takes, from its content: reading at 150–200 words a minute, plus the
activities (a scenario's questions, a checklist, an image to study, a video's length).

The demo's stated durations are checked against this (tests/courses/test_demo_catalogue.py),
so a lesson labelled 25 minutes cannot hold two minutes of text.
"""

import re

SLOW, FAST = 150, 200  # words a minute
MINUTES_PER_SCENARIO_QUESTION = 2
MINUTES_PER_CHECKLIST_ITEM = 0.25
MINUTES_PER_IMAGE = 0.5
_TAG = re.compile(r"<[^>]+>")


def words(text: str) -> int:
    return len(_TAG.sub(" ", text).split())


def lesson_range(body: list[dict], *, video_seconds: dict | None = None) -> tuple[float, float]:
    """(fastest, slowest) minutes a trainee needs for a lesson body in stored block form."""
    count, activities = 0, 0.0
    for block in body:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            count += words(value["text"])
        elif kind == "paragraph":
            count += words(value)
        elif kind == "callout":
            count += words(value.get("title", "")) + words(value["text"])
        elif kind == "checklist":
            count += words(value["title"]) + sum(words(item) for item in value["items"])
            activities += MINUTES_PER_CHECKLIST_ITEM * len(value["items"])
        elif kind == "scenario":
            count += words(value["title"]) + words(value["situation"])
            count += sum(words(q) for q in value["questions"]) + words(value.get("debrief", ""))
            activities += MINUTES_PER_SCENARIO_QUESTION * len(value["questions"])
        elif kind == "image":
            count += words(value.get("caption", ""))
            activities += MINUTES_PER_IMAGE
        elif kind == "video":
            seconds = (video_seconds or {}).get(value["video"], 60)
            activities += seconds / 60
    return count / FAST + activities, count / SLOW + activities


def stated_minutes_fit(minutes: int, body: list[dict], **kwargs) -> bool:
    """A stated duration fits when it lies within the range, rounded outwards to minutes."""
    fastest, slowest = lesson_range(body, **kwargs)
    return int(fastest) <= minutes <= int(slowest) + 1
