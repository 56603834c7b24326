"""Forms for sign-in and account administration. They collect input; the services validate and act."""

from django import forms

from .models import SecurityPolicy


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label="密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，字母、数字及 @.+-_")
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput,
                               help_text="至少10位，须包含大写字母、小写字母、数字、特殊符号中的3类")


class UserEditForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput,
                               help_text="至少10位，须包含大写字母、小写字母、数字、特殊符号中的3类")


class OwnPasswordForm(forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput)
    password = forms.CharField(label="新密码", widget=forms.PasswordInput,
                               help_text="至少10位，须包含大写字母、小写字母、数字、特殊符号中的3类")
    password2 = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的新密码不一致。")
        return data


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = ["max_failed_logins", "lockout_minutes", "idle_timeout_minutes"]
