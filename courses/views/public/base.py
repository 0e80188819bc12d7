"""What the public views share."""

from django.template.response import TemplateResponse


def forbidden(request, message: str) -> TemplateResponse:
    """403 with the reason, for a trainee asking for someone else's record."""
    return TemplateResponse(request, "courses/forbidden.html", {"message": message}, status=403)
