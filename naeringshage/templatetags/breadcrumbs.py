"""The breadcrumb trail of a page below the top level, one include for every page.

In a template's `breadcrumbs` block: `{% breadcrumbs label url label url … current %}`,
the ancestors as label and address pairs, the page itself last. A view that knows the
trail better passes it as a list of (label, url) pairs, which may stand for any of the
pairs: `{% breadcrumbs trail _("History") %}`.
"""

from django import template

register = template.Library()


@register.inclusion_tag("includes/_breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *parts):
    flat = []
    for part in parts:
        if isinstance(part, list | tuple):
            for label, url in part:
                flat.extend((label, url))
        else:
            flat.append(part)
    *ancestors, current = flat
    if len(ancestors) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes label and url pairs, then the page")
    request = context.get("request")
    return {
        "ancestors": list(zip(ancestors[::2], ancestors[1::2], strict=True)),
        "current": current,
        "current_url": request.get_full_path() if request else "",
    }
