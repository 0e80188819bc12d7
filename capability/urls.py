"""Public URLs of the capability plugin, mounted under the language prefix by the site."""

app_name = "capability"
urlpatterns = []
