"""Issuing letters and keeping their templates: ``issue_letter`` (called from the application event receiver,
inside the action's transaction), ``create_template_version`` (the template edit page) and ``stored_file``
(the DOCX/PDF of a letter, rendered on first download and kept).

文号 (letter number): ``{机关简称或名称}依申请公开〔{年份}〕{序号}号``, e.g. ``甲市教育局依申请公开〔2026〕12号``.
The sequence runs per issuing body and calendar year of the letter date, across all kinds of letters, without
gaps (``gongkai.core.sequences.next_number`` in the issuing transaction: an action that rolls back gives its
number back). The form follows the 发文字号 rule of GB/T 9704-2012: the year in 六角括号〔〕, the sequence
without leading zeros and without 第.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from gongkai.applications.codes import REPLY_OUTCOMES, outcome_label
from gongkai.audit.services import record, snapshot
from gongkai.core.sequences import next_number
from gongkai.orgs.models import Role
from gongkai.orgs.scoping import visible_org_ids

from .codes import LetterKind
from .context import LetterTemplateError, build_context, cn_date, render_text, sample_context
from .defaults import seed as seed_defaults
from .models import Letter, LetterTemplate
from .selectors import template_for

SNAPSHOT_FORMAT = 1
AUDITED_FIELDS = ("application", "org", "kind", "number", "sequence", "year", "template", "issued_on")
TEMPLATE_AUDITED_FIELDS = ("kind", "outcome", "version", "effective_from", "title", "legal_basis")


def letter_number(org, year: int, sequence: int) -> str:
    return f"{org.short_name or org.name}依申请公开〔{year}〕{sequence}号"


def _template_label(kind: str, outcome: str) -> str:
    label = LetterKind(kind).label
    return f"{label}（{outcome} {outcome_label(outcome)}）" if outcome else label


def issue_letter(application, kind: str, *, on: dt.date, actor, extra: dict | None = None, event=None) -> Letter:
    """Issue one letter of ``kind`` for ``application`` dated ``on``: pick the template version in effect on
    that date, take the next number of the body and year, render the text and store it with its variables.
    A reply uses the template of ``application.outcome``. ``extra`` carries the issuing event's data."""
    if kind not in LetterKind.values:
        raise ValueError(f"unknown letter kind {kind!r}")
    outcome = application.outcome if kind == LetterKind.REPLY else ""
    if kind == LetterKind.REPLY and outcome not in REPLY_OUTCOMES:
        raise ValidationError(f"办理结果“{outcome or '未选择'}”不出具答复书。")
    template = template_for(kind, outcome, on)
    if template is None:
        # The migration seeds every default; a table emptied since (a test database flushed between
        # transactional tests) gets them back rather than blocking every action that issues a letter.
        seed_defaults(LetterTemplate)
        template = template_for(kind, outcome, on)
    if template is None:
        raise ValidationError(f"缺少“{_template_label(kind, outcome)}”的文书模板，无法出具文书，请公开办管理员先设置模板。")
    org = application.org
    variables = build_context(application, kind, on=on, legal_basis=template.legal_basis, extra=extra)
    try:
        body = render_text(template.body, variables)
    except LetterTemplateError as e:
        raise ValidationError(f"“{_template_label(kind, outcome)}”模板第{template.version}版有误，无法出具文书：{e.message}") \
            from e
    with transaction.atomic():
        sequence = next_number(f"letter:{org.pk}:{on.year}")
        number = letter_number(org, on.year, sequence)
        letter = Letter.objects.create(
            application=application, org=org, event=event, kind=kind, number=number, sequence=sequence,
            year=on.year, template=template, issued_on=on, issued_by=actor if getattr(actor, "pk", None) else None,
            context={
                "format": SNAPSHOT_FORMAT,
                "org_name": org.name,
                "number": number,
                "title": template.title,
                "addressee": variables["addressee"],
                "date": cn_date(on),
                "body": body,
                "legal_basis": template.legal_basis,
                "template": {"id": template.pk, "version": template.version},
                "variables": variables,
            })
        record(actor=actor, action="letters.issue", obj=letter, org_id=application.org_id,
               after=snapshot(letter, AUDITED_FIELDS))
    return letter


# ---------------------------------------------------------------------------------------------------------
# templates


def can_edit_templates(user) -> bool:
    """Templates are shared by every body on the platform; a 公开办管理员 of any body keeps them."""
    return bool(visible_org_ids(user, roles={Role.OFFICE_ADMIN}))


def check_template(kind: str, outcome: str, *, title: str, body: str, legal_basis: str,
                   on: dt.date) -> str:
    """Validate a template version and return its body rendered against the sample context (the preview)."""
    errors = {}
    if not title.strip():
        errors["title"] = "请填写标题。"
    if not body.strip():
        errors["body"] = "请填写正文模板。"
    preview = ""
    if "body" not in errors:
        try:
            preview = render_text(body, sample_context(kind, outcome, legal_basis, on))
        except LetterTemplateError as e:
            errors["body"] = e.message
    if errors:
        raise ValidationError(errors)
    return preview


def create_template_version(actor, *, kind: str, outcome: str = "", title: str, body: str, legal_basis: str = "",
                            effective_from: dt.date, request=None) -> LetterTemplate:
    """Add a version of the (kind, outcome) template. Versions are numbered 1, 2, …; a new version may not take
    effect before the newest existing one, so "the latest version in effect" is also the highest number."""
    if not can_edit_templates(actor):
        raise PermissionDenied("只有公开办管理员可以修改文书模板。")
    if kind not in LetterKind.values or (kind == LetterKind.REPLY) != bool(outcome) or \
            (outcome and outcome not in REPLY_OUTCOMES):
        raise ValidationError("未知的文书种类或办理结果。")
    title, legal_basis = title.strip(), legal_basis.strip()
    check_template(kind, outcome, title=title, body=body, legal_basis=legal_basis, on=effective_from)
    with transaction.atomic():
        versions = LetterTemplate.objects.select_for_update().filter(kind=kind, outcome=outcome)
        latest = versions.order_by("-version").first()
        if latest is not None and effective_from < latest.effective_from:
            raise ValidationError({"effective_from": f"生效日期不能早于最新版本（第{latest.version}版）的生效日期"
                                                     f"{latest.effective_from:%Y-%m-%d}。"})
        number = (versions.aggregate(n=Max("version"))["n"] or 0) + 1
        template = LetterTemplate.objects.create(
            kind=kind, outcome=outcome, version=number, effective_from=effective_from, title=title,
            body=body.replace("\r\n", "\n"), legal_basis=legal_basis, created_by=actor)
        record(actor=actor, action="letters.template.create", obj=template,
               after=snapshot(template, TEMPLATE_AUDITED_FIELDS), request=request)
    return template


# ---------------------------------------------------------------------------------------------------------
# files

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def stored_file(letter: Letter, fmt: str):
    """The letter's DOCX or PDF file, rendered from its snapshot the first time it is asked for."""
    from .rendering import render_docx, render_pdf

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    field = getattr(letter, fmt)
    if field:
        return field
    content = (render_docx if fmt == "docx" else render_pdf)(letter)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        if not getattr(locked, fmt):  # a concurrent download may have stored it meanwhile
            getattr(locked, fmt).save(f"letter.{fmt}", ContentFile(content), save=False)
            Letter.objects.filter(pk=locked.pk).update(**{fmt: getattr(locked, fmt).name})
    setattr(letter, fmt, getattr(locked, fmt).name)
    return getattr(letter, fmt)
