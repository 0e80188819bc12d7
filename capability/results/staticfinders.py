"""Serve plotly.js from the installed `plotly` package as `capability/vendor/plotly.min.js`.

Only that one file: no CDN (the dashboards work offline and in restricted networks), no
4.8 MB copy in the repository, and the version always matches the Python package that built
the figures. `collectstatic` copies it like any other static file (hashed, compressed).
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "capability/vendor"
NAME = "plotly.min.js"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        directory = Path(plotly.__file__).resolve().parent / "package_data"
        self.path = directory / NAME
        self.storage = FileSystemStorage(location=str(directory))
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        match = path == f"{PREFIX}/{NAME}" and self.path.exists()
        if find_all:
            return [str(self.path)] if match else []
        return str(self.path) if match else None

    def list(self, ignore_patterns):
        if self.path.exists():
            yield NAME, self.storage
