"""The templates' environment: each template's globals are the environment's, overlaid by its
own, and a template's own never reach the environment or another template."""

from __future__ import annotations

from jinja2 import DictLoader

from normkit.outputs.templating import environment


def test_a_templates_own_globals_stay_its_own() -> None:
    env = environment("normkit.outputs.site").overlay(
        loader=DictLoader(
            {
                "page.html": '{% from "parts.html" import word %}{{ word() }} {{ extra }}',
                "parts.html": "{% macro word() %}{{ _('Applies to:') }}{% endmacro %}",
                "other.html": "{{ extra is defined }}",
            }
        )
    )
    page = env.get_template("page.html", globals={"extra": "mine"})
    assert page.render() == "Applies to: mine"
    assert "extra" not in env.globals
    assert env.get_template("other.html").render() == "False"
    assert dict(page.globals) == {**env.globals, "extra": "mine"}
