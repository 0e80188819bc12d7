from .learning import AttemptReset, Enrolment, LessonCompletion
from .pages import CourseCompetency, CourseIndexPage, CoursePage, LessonPage
from .quizzes import Answer, Option, Question, QuestionBank, Quiz, QuizAttempt

__all__ = [
    "Answer",
    "AttemptReset",
    "CourseCompetency",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "LessonCompletion",
    "LessonPage",
    "Option",
    "Question",
    "QuestionBank",
    "Quiz",
    "QuizAttempt",
]
