from django.urls import path

from . import admin_records, admin_views

app_name = "courses_admin"
urlpatterns = [
    path("", admin_views.report_index, name="index"),
    path("invite/", admin_views.invite, name="invite"),
    path("registrations/", admin_views.registrations, name="registrations"),
    path("certificates/", admin_records.certificate_list, name="certificates"),
    path(
        "certificates/<int:pk>/revoke/",
        admin_records.certificate_revoke,
        name="certificate_revoke",
    ),
    path("xapi/", admin_records.xapi_export, name="xapi_export"),
    path("<int:page_id>/survey/", admin_records.survey_results, name="survey"),
    path("<int:page_id>/survey/export/", admin_records.survey_export, name="survey_export"),
    path("<int:page_id>/", admin_views.course_report, name="report"),
    path("<int:page_id>/export/<str:fmt>/", admin_views.course_report_export, name="export"),
    path("<int:page_id>/enrol/", admin_views.bulk_enrol, name="bulk_enrol"),
    path("attempts/<int:pk>/reset/", admin_views.attempt_reset_view, name="attempt_reset"),
]
