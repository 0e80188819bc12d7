"""Public URLs of the courses plugin, mounted under the language prefix by the site."""

app_name = "courses"
urlpatterns = []
