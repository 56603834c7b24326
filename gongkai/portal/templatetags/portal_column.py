"""Template helpers of the public column."""

from django import template
from django.utils.safestring import mark_safe

from gongkai.disclosure.services import sanitize_html

register = template.Library()


@register.filter
def clean_body(value: str):
    """Body HTML through the sanitiser once more on the way out. It was sanitised when saved; this second
    pass means a row changed behind the services' back (a data migration, an import) still cannot put a
    script on a public page."""
    return mark_safe(sanitize_html(value or ""))


@register.filter
def validity_text(item) -> str:
    label = item.get_validity_display()
    if item.invalid_on and item.validity != "valid":
        return f"{label}（{item.invalid_on:%Y-%m-%d}）"
    return label
