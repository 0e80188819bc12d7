"""Group grants shared by migration 0002 and the post_migrate handler."""

GRANTS = {
    "Programme staff": [
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
    ],
    "Country staff": [
        "view_course_reports",
        "manage_enrolments",
        "view_enrolment",
        "add_enrolment",
        "view_quizattempt",
        "view_attemptreset",
    ],
}
