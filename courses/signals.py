"""Events the courses plugin sends; other plugins listen to them without `courses` knowing them."""

from django.dispatch import Signal

# Sent once per completion, after the transaction that records it commits.
# Arguments: user (the trainee), course (the CoursePage, in the locale the trainee used),
# completed_at (aware datetime), competencies (list of {"code": str, "level": int}).
course_completed = Signal()

# Sent when a trainee account is made with a country (invitation, bulk invitation,
# self-registration), inside the transaction that creates it: a receiver that fails undoes
# the account. Arguments: user, country (an ISO code offered by `access.country_choices`).
account_country_chosen = Signal()
