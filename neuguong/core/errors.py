"""Domain errors: raised by services, shown by views as form errors and by the API as 4xx."""


class DomainError(Exception):
    """A rule of the domain refused the action. The message is translated and shown as is."""

    status = 400

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class ConflictError(DomainError):
    """Someone else changed the object since it was read (a stale edit)."""

    status = 409

    def __init__(self, message, *, current=None):
        super().__init__(message, code="conflict")
        self.current = current
