"""Small builders for the demo catalogue's lesson bodies and questions.

Lesson bodies are lists of StreamField blocks in the shape `LessonStreamBlock` stores; images
and videos name a file of `fixtures/courses/media/` that the loader turns into an image or
document id. Every question says which competency it measures (`measures`), so a test can
check that a course's pre-test and post-test are equivalent forms.
"""


def heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def para(*paragraphs: str) -> dict:
    return {"type": "paragraph", "value": "".join(_html(p) for p in paragraphs)}


def bullets(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _html(text: str) -> str:
    return text if text.startswith("<") else f"<p>{text}</p>"


def callout(kind: str, title: str, text: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": _html(text)}}


def checklist(title: str, *items: str) -> dict:
    return {"type": "checklist", "value": {"title": title, "items": list(items)}}


def scenario(title: str, situation: str, questions: list[str], debrief: str) -> dict:
    return {
        "type": "scenario",
        "value": {
            "title": title,
            "situation": _html(situation),
            "questions": questions,
            "debrief": _html(debrief),
        },
    }


def image(name: str, alt: str, caption: str = "") -> dict:
    return {"type": "image", "value": {"image": name, "alt_text": alt, "caption": caption}}


def video(name: str, title: str, transcript: str) -> dict:
    """`name`: the stem of `<name>.mp4`, `<name>.<lang>.vtt` and `<name>.jpg` in the media."""
    return {"type": "video", "value": {"video": name, "title": title, "transcript": transcript}}


def single(measures: str, text: str, *options, feedback: str = "") -> dict:
    return {
        "kind": "single",
        "measures": measures,
        "text": text,
        "options": list(options),
        "feedback": feedback,
    }


def multiple(measures: str, text: str, *options, feedback: str = "") -> dict:
    return {
        "kind": "multiple",
        "measures": measures,
        "text": text,
        "options": list(options),
        "feedback": feedback,
    }


def true_false(measures: str, text: str, answer: bool, *, lang: str, feedback: str = "") -> dict:
    yes, no = ("True", "False") if lang == "en" else ("Vrai", "Faux")
    return {
        "kind": "true_false",
        "measures": measures,
        "text": text,
        "options": [(yes, answer, ""), (no, not answer, "")],
        "feedback": feedback,
    }


def numeric(
    measures: str, text: str, answer: str, *, tolerance: str = "0", feedback: str = ""
) -> dict:
    return {
        "kind": "numeric",
        "measures": measures,
        "text": text,
        "numeric_answer": answer,
        "tolerance": tolerance,
        "feedback": feedback,
    }
