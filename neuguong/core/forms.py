from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import lockout

MAX_USERNAME = 150
MAX_PASSWORD = 256


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=MAX_USERNAME,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={
            "required": _("Hãy nhập tên đăng nhập."),
            "max_length": _("Tên đăng nhập dài quá %(limit_value)d ký tự."),
        },
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        max_length=MAX_PASSWORD,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={
            "required": _("Hãy nhập mật khẩu."),
            "max_length": _("Mật khẩu dài quá %(limit_value)d ký tự."),
        },
    )

    error_messages = {
        "invalid": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "locked": _(
            "Tài khoản này tạm bị khóa 15 phút do nhập sai quá nhiều lần. Hãy thử lại sau."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or password is None:
            return self.cleaned_data
        if lockout.is_locked(username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        user = authenticate(self.request, username=username, password=password)
        if user is None or not user.is_active:
            lockout.record_failure(username)
            if lockout.is_locked(username):
                raise forms.ValidationError(self.error_messages["locked"], code="locked")
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        lockout.record_success(username)
        self.user = user
        return self.cleaned_data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên mã truy cập"),
        max_length=100,
        help_text=_("Ví dụ: Đồng bộ với phần mềm báo cáo."),
    )


class BoundedPasswordChangeForm(PasswordChangeForm):
    """Django's form, with the same length limit on every box as the sign-in form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.max_length = MAX_PASSWORD
            field.validators.append(MaxLengthValidator(MAX_PASSWORD))
            field.widget.attrs["maxlength"] = str(MAX_PASSWORD)
