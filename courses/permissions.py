"""Which roles get which courses permissions by default.

Applied after every `migrate` by `ctps_common.roles` (groups named by the site's
`CTPS_ROLE_GROUPS`); a site replaces them with `CTPS_GRANTS["courses"]`.
"""

from ctps_common.roles import COUNTRY_STAFF, PROGRAMME_STAFF

GRANTS = {
    PROGRAMME_STAFF: [
        "view_course_reports",
        "manage_enrolments",
        "add_questionbank",
        "change_questionbank",
        "delete_questionbank",
        "view_questionbank",
        "add_question",
        "change_question",
        "delete_question",
        "view_question",
        "add_quiz",
        "change_quiz",
        "delete_quiz",
        "view_quiz",
        "view_enrolment",
        "add_enrolment",
        "view_quizattempt",
        "view_attemptreset",
        "view_certificate",
        "change_certificate",
        "view_surveyresponse",
        "view_xapistatement",
        "change_xapistatement",  # retry the statements the LRS refused
        "view_registrationrequest",
    ],
    COUNTRY_STAFF: [
        "view_course_reports",
        "manage_enrolments",
        "view_enrolment",
        "add_enrolment",
        "view_quizattempt",
        "view_attemptreset",
        "view_certificate",
        "view_surveyresponse",
        "view_registrationrequest",
    ],
}
