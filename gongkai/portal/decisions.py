"""The public lists of administrative decisions (行政许可、行政处罚、行政强制 — the 双公示 lists) in a body's
column: searchable by decision number, subject and content, filtered by kind and year. Natural persons'
names and identity numbers are masked."""

import datetime as dt

from django.db.models import Q
from django.shortcuts import render

from gongkai.core.pagination import paginate
from gongkai.registers.codes import ENFORCEMENT_KINDS, SubjectKind
from gongkai.registers.models import Decision

from .column import _body, _body_context, _querystring, pager

PER_PAGE = 20


def mask_person_name(name: str) -> str:
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else name


def body_decisions(request, org_code):
    org = _body(org_code)
    qs = Decision.objects.filter(org=org, kind__in=ENFORCEMENT_KINDS)
    q = (request.GET.get("q") or "").strip()[:100]
    kind = request.GET.get("kind") or ""
    year = request.GET.get("year") or ""
    if kind in ENFORCEMENT_KINDS:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    if year.isdigit() and 1990 <= int(year) <= 2100:
        qs = qs.filter(decided_on__gte=dt.date(int(year), 1, 1), decided_on__lte=dt.date(int(year), 12, 31))
    else:
        year = ""
    if q:
        # A person's name is published masked, so it is not searchable by the full name either.
        qs = qs.filter(Q(decision_no__icontains=q) | Q(summary__icontains=q) | Q(result__icontains=q)
                       | (Q(subject_name__icontains=q) & ~Q(subject_kind=SubjectKind.NATURAL_PERSON)))
    page = paginate(request, qs.order_by("-decided_on", "-id"), per_page=PER_PAGE)
    for decision in page.object_list:
        person = decision.subject_kind == SubjectKind.NATURAL_PERSON
        decision.public_subject = mask_person_name(decision.subject_name) if person else decision.subject_name
    this_year = dt.date.today().year
    return render(request, "portal/column/decisions.html", {
        **_body_context(org, "decisions"), "page": page, "q": q, "kind": kind, "year": year,
        "kinds": [(k.value, k.label) for k in ENFORCEMENT_KINDS], "years": list(range(this_year, this_year - 6, -1)),
        "pager": pager(page.number, page.paginator.num_pages, _querystring(request)),
    })
