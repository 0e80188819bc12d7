"""Errors the learning services raise; their message is shown to the trainee as is."""


class CourseError(Exception):
    """A rule refused the action; the message is shown to the trainee as is."""


class AttemptClosed(CourseError):
    """The attempt can no longer take answers (already submitted, expired or reset)."""


class AnswerErrors(CourseError):
    """Some answers cannot be read (a number too long, too large, ambiguous); `errors` maps
    each question id to its message. Nothing was written."""

    def __init__(self, errors: dict[int, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


class BlankAnswers(CourseError):
    """Questions left blank, by position; the trainee confirms before they are graded 0."""

    def __init__(self, positions: list[int]):
        self.positions = positions
        super().__init__(", ".join(str(p) for p in positions))
