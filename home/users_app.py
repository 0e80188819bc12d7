"""`wagtail.users` with user forms that keep e-mail addresses unique (home/users.py).

A module of its own: the app registry imports it before any model exists.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "home.users.UniqueEmailUserViewSet"
