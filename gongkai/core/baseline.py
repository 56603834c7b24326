"""The rows every database must hold, which migrations create: the audit chain head, the default security
policy, the statutory calendar and the default letter templates. ``ensure_baseline()`` puts them back after a test flushes the database."""

from django.db import transaction


def ensure_baseline() -> None:
    from gongkai.accounts.models import SecurityPolicy
    from gongkai.audit.models import GENESIS_HASH, AuditHead
    from gongkai.workdays.models import CalendarOverride, CalendarYear
    from gongkai.workdays.selectors import bump_revision
    from gongkai.workdays.sources import seed_all

    with transaction.atomic():
        AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
        SecurityPolicy.current()
        seed_all(year_model=CalendarYear, override_model=CalendarOverride)
        bump_revision()
        from gongkai.letters.defaults import seed as seed_letter_templates
        from gongkai.letters.models import LetterTemplate

        if not LetterTemplate.objects.exists():
            seed_letter_templates(LetterTemplate)
