"""factory_boy factories (wagtail-factories for pages): one module per plugin.

- `accounts`: users in the role groups (no plugin);
- `site`: locales, the default site's root page, the home page (app `home`);
- `courses`: catalogue, courses, lessons, banks, quizzes and learning records;
- `register`: countries and staff memberships, organisations, people, workshops, evidence;
- `results`: indicators and their logical framework, deliverables, follow-ups, results page.

A plugin's tests import its own module and those of the plugins it builds on (courses:
accounts, site; register: accounts; results: register), so they run with the others removed.
"""
