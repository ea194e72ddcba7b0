from django import template

from figures import public

register = template.Library()


@register.simple_tag
def public_figures():
    """The public page's tables with their charts, period, freshness and licence."""
    return public.page_context()
