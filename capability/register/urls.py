"""Public URLs of the capability plugin, mounted under the language prefix by the site."""

from django.urls import path

from . import views

app_name = "capability"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
]
