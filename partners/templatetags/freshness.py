"""{% load freshness %}{% if page.last_verified|may_be_outdated %}…"""

from django import template

from partners import freshness

register = template.Library()


@register.filter
def may_be_outdated(last_verified):
    return bool(last_verified) and freshness.may_be_outdated(last_verified)
