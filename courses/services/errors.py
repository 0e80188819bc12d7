"""Errors the learning services raise; their message is shown to the trainee as is."""


class CourseError(Exception):
    """A rule refused the action; the message is shown to the trainee as is."""


class AttemptClosed(CourseError):
    """The attempt can no longer take answers (already submitted, expired or reset)."""
