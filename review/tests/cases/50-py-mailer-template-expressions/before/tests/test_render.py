import pytest

from mailer.render import TemplateError, render, render_string

CONTEXT = {
    "first_name": "Ada",
    "campaign": {"name": "Spring <Sale>", "discount": 20},
}


def test_simple_placeholder():
    assert render_string("Hi {{ first_name }}!", CONTEXT, escape=False) == "Hi Ada!"


def test_dotted_placeholder():
    out = render_string("{{campaign.discount}}% off", CONTEXT, escape=False)
    assert out == "20% off"


def test_html_body_is_escaped_but_text_is_not():
    msg = render("{{ campaign.name }}", "{{ campaign.name }}", "<h1>{{ campaign.name }}</h1>", CONTEXT)
    assert msg.subject == "Spring <Sale>"
    assert msg.text == "Spring <Sale>"
    assert msg.html == "<h1>Spring &lt;Sale&gt;</h1>"


def test_missing_value_raises():
    with pytest.raises(TemplateError, match="campaign.code"):
        render_string("{{ campaign.code }}", CONTEXT, escape=False)
