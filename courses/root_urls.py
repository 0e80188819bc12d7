"""URLs the courses plugin serves from the site root, outside the language prefix: the
service worker, whose scope is the folder it is served from."""

from django.urls import path

from .views.public import offline

urlpatterns = [path("sw.js", offline.service_worker, name="courses_service_worker")]
