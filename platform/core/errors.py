"""Domain errors that faces (pages, API) translate for their users."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DuplicateError(ValidationError):
    """The input is valid on its own but clashes with existing data (a unique name). Pages show it
    like any field error; the API answers 409 Conflict."""
