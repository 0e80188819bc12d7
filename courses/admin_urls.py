from django.urls import path

from ctps_common.imports.views import import_urlpatterns

from .imports import EnrolmentImporter
from .views.admin import attempts, certificates, enrolment, reports, surveys, xapi

app_name = "courses_admin"
urlpatterns = [
    path("", reports.report_index, name="index"),
    path("invite/", enrolment.invite, name="invite"),
    path("registrations/", enrolment.registrations, name="registrations"),
    path("certificates/", certificates.certificate_list, name="certificates"),
    path(
        "certificates/<int:pk>/revoke/",
        certificates.certificate_revoke,
        name="certificate_revoke",
    ),
    path("xapi/", xapi.xapi_export, name="xapi_export"),
    path("<int:page_id>/survey/", surveys.survey_results_view, name="survey"),
    path("<int:page_id>/survey/export/", surveys.survey_export, name="survey_export"),
    path("<int:page_id>/", reports.course_report, name="report"),
    path("<int:page_id>/export/<str:fmt>/", reports.course_report_export, name="export"),
    path("<int:page_id>/enrol/", enrolment.bulk_enrol, name="bulk_enrol"),
    # upload → preview → confirm: names `import` and `import_preview`
    *import_urlpatterns(EnrolmentImporter, prefix="<int:page_id>/enrol/import/"),
    path("attempts/<int:pk>/reset/", attempts.attempt_reset_view, name="attempt_reset"),
]
