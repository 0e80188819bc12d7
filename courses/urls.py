"""Public URLs of the courses plugin, mounted under the language prefix by the site."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .services.accounts import QueuedPasswordResetForm
from .views.public import accounts, certificates, learning, offline, quizzes, surveys

app_name = "courses"
urlpatterns = [
    path("my/", learning.my_learning_view, name="my_learning"),
    path("courses/<int:page_id>/enrol/", learning.enrol, name="enrol"),
    path("courses/<int:page_id>/test/<str:kind>/", quizzes.attempt_start, name="attempt_start"),
    path("lessons/<int:page_id>/complete/", learning.lesson_complete, name="lesson_complete"),
    path("attempts/<int:pk>/", quizzes.attempt, name="attempt"),
    path("attempts/<int:pk>/result/", quizzes.attempt_result, name="attempt_result"),
    # Offline learning (docs/OFFLINE.md)
    path("app.webmanifest", offline.web_manifest, name="web_manifest"),
    path("courses/<int:page_id>/offline.json", offline.course_package, name="offline_package"),
    path("courses/<int:page_id>/offline-test/", offline.offline_test, name="offline_test"),
    path("offline/sync/", offline.offline_sync, name="offline_sync"),
    path("offline/submit/", offline.offline_submit, name="offline_submit"),
    # Certificates and the reaction survey
    path(
        "certificates/<int:pk>/pdf/",
        certificates.certificate_download,
        name="certificate_pdf",
    ),
    path("certificates/<int:pk>/renew/", certificates.certificate_renew, name="certificate_renew"),
    path("verify/", certificates.verify, name="verify"),
    path("verify/<str:code>/", certificates.verify, name="verify_code"),
    path("courses/<int:page_id>/survey/", surveys.survey, name="survey"),
    # Accounts
    path("register/", accounts.register, name="register"),
    path("request-access/", accounts.request_access, name="request_access"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="courses/account/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            template_name="courses/account/password_reset.html",
            email_template_name="courses/account/password_reset_email.txt",
            subject_template_name="courses/account/password_reset_subject.txt",
            success_url=reverse_lazy("courses:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="courses/account/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="courses/account/password_set.html",
            success_url=reverse_lazy("courses:password_set_done"),
        ),
        name="password_set",
    ),
    path(
        "password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="courses/account/password_set_done.html"
        ),
        name="password_set_done",
    ),
]
