"""Writes of the courses plugin, by feature: `enrolment`, `progress`, `quizzes`,
`certificates` (and `certificate_pdf`), `surveys`, `accounts`.

Each service is a plain function with explicit keyword arguments. Rules come from
`courses.access` (a refusal is raised as the feature's error, its message shown as is);
reads from `courses.selectors`. Services never import views.
"""
