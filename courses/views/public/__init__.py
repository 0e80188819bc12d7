"""Views of the public site (URLconf `courses.urls`, under `/<lang>/learning/`)."""
