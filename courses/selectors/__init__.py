"""Reads of the courses plugin, by feature: `catalogue`, `progress`, `quizzes`,
`certificates`, `surveys`, `reports`, `enrolment`.

Selectors read (models, querysets, the caches) and decide nothing themselves: the rules are
in `courses.access`. They never import services or views.
"""
