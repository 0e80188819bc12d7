"""Staff views in the Wagtail admin (URLconf `courses.admin_urls`, `/admin/courses-reports/`)."""
