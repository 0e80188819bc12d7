from .learning import AttemptReset, Enrolment, LessonCompletion, RegistrationRequest
from .offline import OfflineSubmission
from .pages import CourseAudience, CourseCompetency, CourseIndexPage, CoursePage, LessonPage
from .quizzes import Answer, Option, Question, QuestionBank, Quiz, QuizAttempt
from .records import Certificate, SurveyResponse, XapiStatement
from .settings import CoursesSettings

__all__ = [
    "Answer",
    "AttemptReset",
    "Certificate",
    "CourseAudience",
    "CourseCompetency",
    "CoursesSettings",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "LessonCompletion",
    "LessonPage",
    "OfflineSubmission",
    "Option",
    "Question",
    "QuestionBank",
    "Quiz",
    "QuizAttempt",
    "RegistrationRequest",
    "SurveyResponse",
    "XapiStatement",
]
