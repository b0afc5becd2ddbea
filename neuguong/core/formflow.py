"""How a page runs a form through a service: shared by every app's views."""

from .errors import DomainError


def submit_form(request, form, action):
    """On a valid POST call `action(cleaned_data)`. Returns (result, status); a refused
    action leaves its message on the form (on its field when it names one)."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        return action(form.cleaned_data), 200
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None, error.status


def keep_input_after_conflict(form, current_version: int) -> None:
    """The user's input stays in the form; the next save is based on the current row."""
    form.data = form.data.copy()
    form.data["version"] = current_version
