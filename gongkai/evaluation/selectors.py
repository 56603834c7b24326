"""Reading evaluations: the scheme's indicators resolved against the registry, and an evaluation's results
(live while 评分中, the frozen JSON once published)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gongkai.supervision import indicators as registry

from . import score as scoring
from .models import MANUAL, Evaluation, NotApplicable, Scheme


def source_choices() -> list[tuple[str, str]]:
    """The computed indicators registered now, then 人工评分."""
    out = [(code, f"{i.label}（{i.group + '，' if i.group else ''}{'比率' if i.kind == registry.RATE else i.unit}）")
           for code, i in registry.INDICATORS.items()]
    return [*out, (MANUAL, "人工评分")]


def source_label(source: str) -> str:
    if source == MANUAL:
        return "人工评分"
    indicator = registry.INDICATORS.get(source)
    return indicator.label if indicator else f"{source}（未启用）"


def specs(scheme: Scheme) -> list[scoring.Spec]:
    out = []
    for row in scheme.indicators.all():
        common = {"id": row.pk, "name": row.name, "source": row.source, "weight": Decimal(row.weight),
                  "deduct_per_unit": row.deduct_per_unit, "target": row.target,
                  "na_full": row.not_applicable == NotApplicable.FULL}
        if row.source == MANUAL:
            out.append(scoring.Spec(kind=scoring.MANUAL, **common))
            continue
        indicator = registry.INDICATORS.get(row.source)  # looked up now: another app may not register it
        if indicator is None:
            out.append(scoring.Spec(kind=scoring.MISSING, **common))
        else:
            out.append(scoring.Spec(kind=scoring.RATE if indicator.kind == registry.RATE else scoring.COUNT,
                                    better=indicator.better, unit=indicator.unit, **common))
    return out


def today() -> dt.date:
    return timezone.localdate()


def period(evaluation: Evaluation) -> registry.Period:
    """The period the indicators are computed over; states "as of today" are read on the period's last day
    when it has passed."""
    return registry.Period(evaluation.start, evaluation.end, min(today(), evaluation.end))


def live_result(evaluation: Evaluation) -> scoring.Result:
    scheme_specs = specs(evaluation.scheme)
    bodies = list(evaluation.bodies.order_by("path").values_list("pk", "name"))
    ids = [pk for pk, _name in bodies]
    codes = sorted({s.source for s in scheme_specs if s.kind in (scoring.RATE, scoring.COUNT)})
    rows = registry.compute(codes, ids, period(evaluation)).rows if codes else {}
    manual = {(m.org_id, m.indicator_id): (m.score, m.reason)
              for m in evaluation.manual_scores.filter(org_id__in=ids)}
    return scoring.score(scheme_specs, bodies, rows, manual)


def results(evaluation: Evaluation) -> dict:
    """What the pages and the export show: the frozen results once published, otherwise computed now."""
    if evaluation.is_published and evaluation.results:
        return evaluation.results
    return live_result(evaluation).to_dict()
