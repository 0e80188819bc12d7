"""Events the courses plugin sends; other plugins listen to them without `courses` knowing them."""

from django.dispatch import Signal

# Sent once per completion, after the transaction that records it commits.
# Arguments: user (the trainee), course (the CoursePage, in the locale the trainee used),
# completed_at (aware datetime), competencies (list of {"code": str, "level": int}).
course_completed = Signal()
