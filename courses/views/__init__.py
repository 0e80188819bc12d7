"""Views of the courses plugin: `public` (the trainee's site) and `admin` (staff, in the
Wagtail admin), each by feature. They turn the decisions of `courses.access` into messages,
redirects and 403s, read through `courses.selectors` and write through `courses.services`."""
