from django.urls import path

from . import views

app_name = "capability_dashboards"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("export/<str:format>/", views.IndicatorExportView.as_view(), name="export"),
    path("<slug:slug>/", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/xlsx/", views.DashboardXlsxView.as_view(), name="xlsx"),
]
