"""The public application forms (自然人 / 法人或其他组织) and the tracking form.

Field names are the keys ``applications.services.submit_online`` reads, so ``service_data()`` is just the
cleaned data plus the fixed applicant kind / ID type of the variant. The forms check only shape (required,
length); the rules of an application (ID check digits, what 邮寄 needs, …) live in the service, which
reports them per field.
"""

from django import forms
from django.core.exceptions import ValidationError

from gongkai.applications.codes import ApplicantKind, DeliveryMethod, IdType, InfoForm
from gongkai.applications.services import MAX_ATTACHMENTS
from gongkai.core.uploads import ALLOWED_LABEL, MAX_UPLOAD_BYTES, check_upload

PERSON = "person"
ORG = "org"
KINDS = {PERSON: "自然人", ORG: "法人或其他组织"}

PERSON_ID_TYPES = [(IdType.RESIDENT_ID, "居民身份证"), (IdType.PASSPORT, "护照"), (IdType.OTHER, "其他证件")]
ORG_APPLICANT_KINDS = [(k, label) for k, label in ApplicantKind.choices if k != ApplicantKind.NATURAL_PERSON]

DECLARATION = ("本人（本单位）承诺所填信息真实、准确，所提交的身份证明材料合法有效；"
               "已知悉以政府信息公开申请形式进行信访、投诉、举报的，不作为政府信息公开申请处理。")


def _required(label: str) -> dict:
    return {"required": f"请填写{label}。"}


def _choice(label: str) -> dict:
    return {"required": f"请选择{label}。", "invalid_choice": f"请从列表中选择{label}。"}


def _text(label, *, max_length, required=True, autocomplete="", **attrs):
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return forms.CharField(label=label, max_length=max_length, required=required,
                           error_messages=_required(label), widget=forms.TextInput(attrs=attrs))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each is checked by its content (``check_upload``), not by its name."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(f"附件最多 {MAX_ATTACHMENTS} 个，您选择了 {len(files)} 个。")
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as e:
                errors.extend(e.messages)
        if errors:
            raise ValidationError(errors)
        return files


class ApplicationForm(forms.Form):
    """What every application holds beyond the applicant (条例 第二十九条（二）（三）)."""

    content = forms.CharField(
        label="所需政府信息的名称、文号或特征描述", max_length=5000,
        error_messages=_required("所需政府信息的名称、文号或特征描述"),
        help_text="请尽量写明文件名称、文号、发文机关、时间等便于查找的特征。一份申请宜只涉及一项政府信息。",
        widget=forms.Textarea(attrs={"rows": 6}))
    purpose = forms.CharField(label="用途", max_length=200, required=False,
                              help_text="选填。条例未要求说明用途，填写与否不影响申请的处理。",
                              widget=forms.TextInput())
    info_form = forms.ChoiceField(label="信息的指定提供形式", choices=InfoForm.choices,
                                  error_messages=_choice("信息的指定提供形式"),
                                  widget=forms.RadioSelect)
    delivery_method = forms.ChoiceField(label="获取信息的方式", choices=DeliveryMethod.choices,
                                        error_messages=_choice("获取信息的方式"),
                                        help_text="选择邮寄的请填写通信地址，选择电子邮件的请填写电子邮箱。",
                                        widget=forms.RadioSelect)
    fee_waiver_requested = forms.BooleanField(
        label="申请减免信息处理费", required=False,
        help_text="依申请提供政府信息一般不收费；仅当申请数量、频次明显超过合理范围而需收取信息处理费时，"
                  "受理机关才会考虑此项。")
    attachments = AttachmentsField(
        label="附件", required=False,
        help_text=f"如身份证明（身份证正反面、营业执照等）。最多 {MAX_ATTACHMENTS} 个文件，每个不超过 "
                  f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB，仅限 {ALLOWED_LABEL} 格式；可一次选择多个文件。")
    declaration = forms.BooleanField(label=DECLARATION,
                                     error_messages={"required": "请阅读并勾选申请声明。"})

    kind: str = ""
    applicant_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx"
        # Put the applicant's fields first, in the order the variant lists them.
        order = [*self.applicant_fields, *(n for n in self.fields if n not in self.applicant_fields)]
        self.order_fields(order)

    def fixed_data(self) -> dict:
        return {}

    def service_data(self) -> dict:
        """The ``data`` argument of ``submit_online`` (attachments travel separately)."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("attachments", "declaration")}
        data.update(self.fixed_data())
        return data

    @property
    def applicant_bound_fields(self):
        return [self[name] for name in self.applicant_fields]

    @property
    def request_bound_fields(self):
        return [self[name] for name in ("content", "purpose")]

    @property
    def form_bound_fields(self):
        return [self[name] for name in ("info_form", "delivery_method", "fee_waiver_requested")]


class PersonApplicationForm(ApplicationForm):
    """自然人: identified by an identity document (第二十九条（一）: 姓名、身份证明、联系方式)."""

    kind = PERSON
    applicant_fields = ("applicant_name", "id_type", "id_number", "phone", "email", "address", "postcode")

    applicant_name = _text("姓名", max_length=100, autocomplete="name")
    id_type = forms.ChoiceField(label="证件类型", choices=PERSON_ID_TYPES, initial=IdType.RESIDENT_ID,
                                error_messages=_choice("证件类型"))
    id_number = _text("证件号码", max_length=40, autocomplete="off", spellcheck="false")
    phone = _text("联系电话", max_length=30, autocomplete="tel", inputmode="tel")
    email = _text("电子邮箱", max_length=254, required=False, autocomplete="email", inputmode="email")
    address = _text("通信地址", max_length=200, required=False, autocomplete="street-address")
    postcode = _text("邮政编码", max_length=6, required=False, autocomplete="postal-code", inputmode="numeric")

    def fixed_data(self) -> dict:
        return {"applicant_kind": ApplicantKind.NATURAL_PERSON}


class OrgApplicationForm(ApplicationForm):
    """法人或其他组织: identified by its 统一社会信用代码, with a named contact person."""

    kind = ORG
    applicant_fields = ("applicant_name", "applicant_kind", "id_number", "contact_person", "phone", "email",
                        "address", "postcode")

    applicant_name = _text("名称", max_length=100, autocomplete="organization")
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=[("", "请选择"), *ORG_APPLICANT_KINDS],
                                       error_messages=_choice("申请人类型"))
    id_number = _text("统一社会信用代码", max_length=18, autocomplete="off", spellcheck="false",
                      placeholder="18位代码，见营业执照或登记证书")
    contact_person = _text("联系人", max_length=50, autocomplete="name")
    phone = _text("联系电话", max_length=30, autocomplete="tel", inputmode="tel")
    email = _text("电子邮箱", max_length=254, required=False, autocomplete="email", inputmode="email")
    address = _text("通信地址", max_length=200, required=False, autocomplete="street-address")
    postcode = _text("邮政编码", max_length=6, required=False, autocomplete="postal-code", inputmode="numeric")

    def fixed_data(self) -> dict:
        return {"id_type": IdType.USCC}


FORMS = {PERSON: PersonApplicationForm, ORG: OrgApplicationForm}


class TrackForm(forms.Form):
    tracking_no = forms.CharField(label="受理编号", max_length=48, error_messages=_required("受理编号"),
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    query_code = forms.CharField(label="查询码", max_length=16, error_messages=_required("查询码"),
                                 widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                               "autocapitalize": "characters"}))

    def clean_tracking_no(self):
        # Looked up case-insensitively (机构代码 are unique regardless of case), so only trim here.
        return self.cleaned_data["tracking_no"].strip()

    def clean_query_code(self):
        return self.cleaned_data["query_code"].strip().upper()
