"""Template tags that put consultations into the portal's own pages without changing its views:
``{% open_consultations org %}`` on a body's column home, ``{% consultation_note item %}`` on an item page."""

from django import template

from gongkai.consultations import selectors, services

register = template.Library()

MAX_ON_BODY_HOME = 5


@register.inclusion_tag("consultations/public/includes/body_section.html")
def open_consultations(org):
    day = services.today()
    rows = list(selectors.open_for_body(org, day)[:MAX_ON_BODY_HOME])
    for c in rows:
        c.days_left_now = c.days_left(day)
    return {"consultations": rows, "org": org}


@register.inclusion_tag("consultations/public/includes/item_note.html")
def consultation_note(item):
    return {"consultation": selectors.for_final_item(item)}
