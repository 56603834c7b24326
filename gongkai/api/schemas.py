"""Request and response shapes of the API (pydantic models through django-ninja), which are also its
OpenAPI documentation.

Inputs state types only — strings, integers, dates, objects — and refuse unknown fields; the domain rules
(choices, 身份证 check digits, date order, who may act) stay in ``gongkai.applications.services``, so the API
and the pages answer the same input with the same messages. The choices are listed in the schema for the
reader, not enforced here. The few limits set here keep input the services would pass on unchecked from
reaching the database or a long loop: ids within a 64-bit column, no NUL characters or lone surrogates
(which PostgreSQL and UTF-8 encoding refuse), and a bound on ``pages``.

Each action's body is derived from the keyword parameters of its service function, so a parameter added
there appears here; one without an entry in ``ACTION_FIELDS`` fails at import rather than being guessed.
"""

import datetime as dt
import inspect
from typing import Annotated, Any

from django.core.exceptions import ImproperlyConfigured
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, WithJsonSchema, create_model

from gongkai.applications.codes import (
    REPLY_OUTCOMES,
    ApplicantKind,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    FeeMethod,
    IdType,
    InfoForm,
    LetterMail,
    Status,
)
from gongkai.applications.services import ACTION_FUNCTIONS, CONSULTATION_OPINIONS
from gongkai.applications.transitions import TRANSITIONS
from gongkai.orgs.models import OrgKind

MAX_ID = 2**63 - 1
MAX_PAGES = 100_000


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("不能包含空字符（\\u0000）。")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("含有无效的字符（不成对的代理项）。") from None
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def choice(values, description: str = "") -> Any:
    """A string whose allowed values are documented; the service checks them."""
    schema = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return Annotated[Text, WithJsonSchema(schema)]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------------------------------------
# errors


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str = Field(examples=["输入有误"])
    errors: dict[str, list[str]] = Field(
        description="字段名 → 错误信息；不属于某一字段的错误在 `__all__` 下。嵌套字段以点号连接，如 `applicant.id_number`。",
        examples=[{"applicant.id_number": ["居民身份证号码校验位不正确，请核对。"]}])


class TransitionErrorOut(Schema):
    detail: str = Field(examples=["申请当前状态为“办理中”，不能送达答复。"])
    allowed_actions: list[str] = Field(description="该用户现在可以执行的操作", examples=[["draft_reply", "note"]])


class UnknownActionOut(Schema):
    detail: str
    actions: list[str] = Field(description="全部操作名称")


# ---------------------------------------------------------------------------------------------------------
# organisations and applications


class OrgOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str = Field(json_schema_extra={"enum": OrgKind.values})
    kind_label: str
    parent_id: int | None
    is_active: bool


class ApplicantIn(In):
    kind: choice(ApplicantKind.values, "申请人类型")
    name: Text = Field(description="申请人姓名或名称")
    id_type: choice(IdType.values, "证件类型；自然人默认居民身份证，其他默认统一社会信用代码") | None = None
    id_number: Text = Field(description="证件号码（居民身份证、统一社会信用代码校验校验位）")
    contact_person: Text | None = Field(None, description="联系人（法人或其他组织必填）")
    phone: Text = Field(description="联系电话")
    email: Text | None = Field(None, description="电子邮箱（获取方式为电子邮件时必填）")
    address: Text | None = Field(None, description="通信地址（获取方式为邮寄时必填）")
    postcode: Text | None = Field(None, description="邮政编码（6 位数字）")


REGISTER_CHANNELS = [c for c in Channel.values if c != Channel.ONLINE]


class ApplicationIn(In):
    org: Id = Field(description="受理机关 ID（须在您的数据范围内，且您是该机关的承办人或公开办管理员）")
    channel: choice(REGISTER_CHANNELS, "申请方式（网上申请由申请人在公开专栏提交，不在此登记）")
    received_on: dt.date = Field(description="收到申请之日（条例第三十一条），不能晚于今天")
    letter_mail: choice(LetterMail.values, "信函类型（申请方式为信函时必填）") | None = None
    oral: bool | None = Field(None, description="口头申请，由工作人员代为填写")
    applicant: ApplicantIn
    content: Text = Field(description="所需政府信息的名称、文号或便于查询的特征描述")
    purpose: Text | None = Field(None, description="用途（选填）")
    info_form: choice(InfoForm.values, "信息的指定提供形式")
    delivery_method: choice(DeliveryMethod.values, "获取信息的方式")
    fee_waiver_requested: bool | None = Field(None, description="申请减免信息处理费")
    item_count: int | None = Field(None, ge=1, le=100, description="按“一事一申请”拆分的件数，默认 1")


class CreatedOut(Schema):
    id: int
    tracking_no: str
    status: str
    due_on: dt.date | None
    query_code: str = Field(description="申请人查询码，只返回这一次，请交给申请人")


class Ref(Schema):
    id: int
    name: str


class ApplicationSummaryOut(Schema):
    id: int
    tracking_no: str
    org: Ref
    status: str = Field(json_schema_extra={"enum": Status.values})
    status_label: str
    outcome: str
    outcome_label: str
    channel: str
    received_on: dt.date | None
    due_on: dt.date | None
    clock_paused: bool
    concluded_on: dt.date | None
    handler: Ref | None
    applicant_kind: str
    applicant_name_masked: str
    id_number_masked: str
    phone_masked: str
    version: int


class ApplicationPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[ApplicationSummaryOut]


class ApplicationFilters(Schema):
    status: choice(Status.values, "状态") | None = None
    org: Id | None = Field(None, description="受理机关 ID")
    received_from: dt.date | None = Field(None, description="收到申请之日不早于")
    received_to: dt.date | None = Field(None, description="收到申请之日不晚于")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(20, ge=1, le=100)


class ApplicantOut(Schema):
    masked: bool = Field(description="为 true 时姓名、证件号码、电话已脱敏，邮箱、地址、邮编不返回")
    kind: str
    kind_label: str
    name: str
    id_type: str
    id_number: str
    contact_person: str
    phone: str
    email: str | None
    address: str | None
    postcode: str | None


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    on: dt.date
    recorded_at: dt.datetime
    actor_name: str | None
    data: dict[str, Any]
    note: str


class ApplicationOut(Schema):
    id: int
    tracking_no: str
    org: Ref
    status: str = Field(json_schema_extra={"enum": Status.values})
    status_label: str
    outcome: str
    outcome_label: str
    outcome_basis: str
    outcome_reason: str
    channel: str
    channel_label: str
    letter_mail: str
    oral: bool
    received_on: dt.date | None
    due_on: dt.date | None
    due_explanation: str
    clock_paused: bool
    supplement_due: dt.date | None
    payment_due: dt.date | None
    extended_workdays: int
    deferred_to: dt.date | None
    reply_approved_on: dt.date | None
    delivered_on: dt.date | None
    concluded_on: dt.date | None
    handler: Ref | None
    applicant: ApplicantOut
    content: str
    purpose: str
    info_form: str
    delivery_method: str
    fee_waiver_requested: bool
    item_count: int
    allowed_actions: list[str] = Field(description="该用户现在可以执行的操作")
    version: int = Field(description="版本号：执行操作时带上它，若申请已被他人处理则返回 409")
    events: list[EventOut]


# ---------------------------------------------------------------------------------------------------------
# action bodies


ACTION_FIELDS: dict[str, tuple[Any, str]] = {
    "on": (dt.date, "发生日期（YYYY-MM-DD），默认今天；不能晚于今天，也不能早于上一办理环节"),
    "version": (Annotated[int, Field(ge=1)], "读取申请时的版本号；申请已被他人处理时返回 409"),
    "note": (Text, "说明"),
    "reason": (Text, "理由"),
    "handler": (Id, "承办人的用户 ID（须为本机关在岗的承办人）"),
    "org": (Id, "转办目标机关 ID（须为您数据范围内的另一个机关）"),
    "items": (Text, "需要补正的事项"),
    "supplement_due": (dt.date, "补正期限（与 supplement_workdays 二选一）"),
    "supplement_workdays": (int, "补正期限：自告知之日起的工作日数（1–60，与 supplement_due 二选一）"),
    "consultation_kind": (choice(ConsultationKind.values), "征求意见类型"),
    "party": (Text, "被征求意见方"),
    "opinion": (choice(CONSULTATION_OPINIONS), "被征求意见方的意见：agree 同意公开，disagree 不同意公开，none 逾期未提出意见"),
    "method": (Text, "方式"),
    "pages": (Annotated[int, Field(ge=1, le=MAX_PAGES)], "页数（按量计收时必填）"),
    "receipt_no": (Text, "缴费凭证号"),
    "workdays": (int, "延长的工作日数（1–20，只能延长一次）"),
    "deferred_to": (dt.date, "延迟答复日期，应晚于现答复期限"),
    "outcome": (choice(REPLY_OUTCOMES), "办理结果（年报表三的行代码）"),
    "basis": (Text, "法律依据（默认为该办理结果常用的条款）"),
    "provided": (Text, "提供的政府信息或获取方式（予以公开、部分公开时必填）"),
}
ACTION_FIELD_OVERRIDES: dict[tuple[str, str], tuple[Any, str]] = {
    ("notify_fee", "method"): (choice(FeeMethod.values), "收费方式：per_item 按件计收，per_page 按量计收"),
    ("deliver", "method"): (choice(DeliveryMethod.values), "送达方式，默认为申请人选择的获取方式"),
    ("discard", "reason"): (Text, "作废理由"),
    ("transfer", "reason"): (Text, "转办理由"),
    ("extend", "reason"): (Text, "延期理由"),
    ("defer", "reason"): (Text, "延迟答复的理由"),
    ("draft_reply", "reason"): (Text, "理由（除予以公开外必填）"),
    ("return_reply", "reason"): (Text, "退回理由"),
    ("withdraw", "reason"): (Text, "撤回说明，默认“申请人撤回申请”"),
    ("ask_reasons", "note"): (Text, "要求申请人说明的事项"),
    ("note", "note"): (Text, "备注内容"),
}
# Parameters of the action functions that do not come from the JSON body: files cannot travel in it.
NOT_IN_BODY = {"actor", "application_id", "request", "attachments"}


def _camel(action: str) -> str:
    return "".join(part.capitalize() for part in action.split("_"))


def action_body_fields(action: str) -> dict[str, bool]:
    """Field name → required, read from the service function's signature."""
    params = inspect.signature(ACTION_FUNCTIONS[action]).parameters
    return {name: p.default is p.empty for name, p in params.items()
            if p.kind == p.KEYWORD_ONLY and name not in NOT_IN_BODY}


def _action_schema(action: str) -> type[In]:
    fields = {}
    for name, required in action_body_fields(action).items():
        spec = ACTION_FIELD_OVERRIDES.get((action, name)) or ACTION_FIELDS.get(name)
        if spec is None:
            raise ImproperlyConfigured(f"gongkai.api.schemas: give the type of {action}({name}=…) in ACTION_FIELDS.")
        annotation, description = spec
        if required:
            fields[name] = (annotation, Field(description=description))
        else:
            fields[name] = (annotation | None, Field(None, description=description))
    model = create_model(f"{_camel(action)}In", __base__=In, **fields)
    model.__doc__ = f"{TRANSITIONS[action].label}：请求体（未列出的字段会被拒绝）。"
    return model


ACTION_SCHEMAS: dict[str, type[In]] = {action: _action_schema(action) for action in TRANSITIONS}
