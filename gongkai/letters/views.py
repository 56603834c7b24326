"""Pages of letters: DOCX/PDF downloads for staff (scoped like the application), the download the public
tracking page hands out, and the template list and edit pages of the 公开办管理员."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.applications.codes import outcome_label
from gongkai.core.forms import apply_service_errors
from gongkai.orgs.models import Organization
from gongkai.orgs.scoping import can_view_business_data, get_visible_or_404

from . import services
from .codes import LetterKind
from .context import SAMPLE_ORG, sample_context, variables_for
from .forms import TemplateVersionForm
from .models import Letter, LetterTemplate
from .selectors import public_letters, template_for, template_keys, template_rows

NAV_KEY = "letter_templates"


def _file_response(letter: Letter, fmt: str) -> FileResponse:
    field = services.stored_file(letter, fmt)
    response = FileResponse(field.open("rb"), as_attachment=True, filename=f"{letter.number}.{fmt}",
                            content_type=services.FORMATS[fmt])
    # Letters carry personal information: never keep them in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _staff_download(request, pk: int, fmt: str):
    letter = get_visible_or_404(request.user, Letter.objects.select_related("application"),
                                org_field="application__org", pk=pk)
    return _file_response(letter, fmt)


@login_required
def letter_docx(request, pk: int):
    return _staff_download(request, pk, "docx")


@login_required
def letter_pdf(request, pk: int):
    return _staff_download(request, pk, "pdf")


def public_letter_response(letter: Letter, fmt: str) -> FileResponse:
    """The download for the applicant. The caller (the public tracking page) has already checked the tracking
    number and query code of ``letter.application``; this gives out only the letters meant for the applicant
    (``selectors.public_letters``) and answers 404 for any other letter or format."""
    if fmt not in services.FORMATS or not public_letters(letter.application).filter(pk=letter.pk).exists():
        raise Http404("未找到该文书。")
    return _file_response(letter, fmt)


# ---------------------------------------------------------------------------------------------------------
# templates


def _template_viewer_required(request):
    if not can_view_business_data(request.user):
        raise PermissionDenied("文书模板仅对机关工作人员开放。")


@login_required
def template_list(request):
    _template_viewer_required(request)
    today = timezone.localdate()
    rows = template_rows(today)
    for row in rows:
        row["outcome_label"] = outcome_label(row["outcome"]) if row["outcome"] else ""
    return render(request, "letters/templates.html", {
        "rows": rows, "today": today, "can_edit": services.can_edit_templates(request.user), "nav_key": NAV_KEY,
    })


def _sheet(kind: str, outcome: str, title: str, paragraphs_text: str, legal_basis: str, on) -> dict:
    context = sample_context(kind, outcome, legal_basis, on)
    return {
        "org_name": SAMPLE_ORG["name"], "title": title,
        "number": services.letter_number(Organization(**SAMPLE_ORG), on.year, 12),
        "addressee": context["addressee"], "paragraphs": [p for p in paragraphs_text.split("\n") if p],
        "date_text": context["letter_date"],
    }


@login_required
def template_edit(request, kind: str, outcome: str = ""):
    if (kind, outcome) not in template_keys():
        raise Http404("没有这种文书模板。")
    if not services.can_edit_templates(request.user):
        raise PermissionDenied("只有公开办管理员可以修改文书模板。")
    today = timezone.localdate()
    versions = list(LetterTemplate.objects.filter(kind=kind, outcome=outcome).select_related("created_by")
                    .order_by("-version"))
    latest = versions[0] if versions else None
    current = template_for(kind, outcome, today)
    initial = {"effective_from": max(today, latest.effective_from) if latest else today}
    if latest is not None:
        initial.update(title=latest.title, body=latest.body, legal_basis=latest.legal_basis)
    form = TemplateVersionForm(request.POST or None, initial=initial)
    preview = None
    preview_source = initial
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            preview_source = data
            try:
                if "preview" in request.POST:
                    services.check_template(kind, outcome, title=data["title"], body=data["body"],
                                            legal_basis=data["legal_basis"], on=data["effective_from"])
                else:
                    template = services.create_template_version(
                        request.user, kind=kind, outcome=outcome, title=data["title"], body=data["body"],
                        legal_basis=data["legal_basis"], effective_from=data["effective_from"], request=request)
                    messages.success(request, f"已保存{template}，自{template.effective_from:%Y-%m-%d}起生效。")
                    return redirect("letters:templates")
            except ValidationError as e:
                apply_service_errors(form, e)
                if "preview" not in request.POST:
                    form.add_error(None, "模板有误，新版本未保存。请按提示修改后再保存。")
                preview_source = None
        else:
            preview_source = None
    if preview_source and preview_source.get("body"):
        on = preview_source.get("effective_from") or today
        try:
            text = services.check_template(kind, outcome, title=preview_source.get("title", ""),
                                           body=preview_source["body"],
                                           legal_basis=preview_source.get("legal_basis", ""), on=on)
        except ValidationError:
            text = None
        if text is not None:
            preview = _sheet(kind, outcome, preview_source.get("title", ""), text,
                             preview_source.get("legal_basis", ""), on)
    label = LetterKind(kind).label
    return render(request, "letters/template_edit.html", {
        "form": form, "kind": kind, "outcome": outcome,
        "heading": f"{label}（{outcome} {outcome_label(outcome)}）" if outcome else label,
        "versions": versions, "current": current, "today": today, "preview": preview,
        "variables": variables_for(kind).items(), "nav_key": NAV_KEY,
    })
