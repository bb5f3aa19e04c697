"""A school's templates/ replaces one block of a built-in, in a sandbox, and nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL_RECORD, TODAY, MakeRepo, RunCli


def school(make_repo: MakeRepo, templates: dict[str, str]) -> Path:
    files = {"records/sam-lee.yaml": MINIMAL_RECORD.format(id="sam-lee")}
    files.update({f"templates/{name}": text for name, text in templates.items()})
    files["pcplan.yaml"] = "school: Oak Lane Primary\n"
    return make_repo(files)


def render(
    run_cli: RunCli, root: Path, kind: str = "profile", fmt: str = "html"
) -> tuple[int, str, str]:
    result = run_cli(
        "render", kind, "sam-lee", "--repo", str(root), "--today", TODAY, "--format", fmt, "-o", "-"
    )
    return result.exit_code, result.stdout, result.stderr


def test_one_block_is_replaced_and_the_rest_follows_the_built_in(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    plain = school(make_repo, {})
    _, before, _ = render(run_cli, plain)
    root = school(
        make_repo,
        {
            "profile.html.j2": '{% extends "builtin/profile.html.j2" %}\n'
            "{% block footer_text %}Questions? Ask Mrs Adeyemi, our SENCO, about "
            "{{ profile.pupil.name }}.{% endblock %}\n"
        },
    )
    code, after, err = render(run_cli, root)
    assert code == 0, err
    assert "Questions? Ask Mrs Adeyemi, our SENCO, about Sam." in after
    assert "Please keep this document safe" not in after
    head, tail = before.split("<footer", 1)[0], before.split("</footer>", 1)[1]
    assert after.startswith(head) and after.endswith(tail)


def test_an_override_of_base_applies_to_every_document(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    root = school(
        make_repo,
        {
            "base.html.j2": '{% extends "builtin/base.html.j2" %}'
            "{% block style %}{{ super() }} h1 { color: #222 }{% endblock %}",
            "base.md.j2": '{% extends "builtin/base.md.j2" %}'
            "{% block footer_text %}Made at Oak Lane.{% endblock %}",
        },
    )
    for kind in ("profile", "plan"):
        code, html, err = render(run_cli, root, kind)
        assert code == 0, err
        assert "h1 { color: #222 }" in html and "--accent" in html
        code, md, err = render(run_cli, root, kind, "md")
        assert code == 0, err
        assert "Made at Oak Lane." in md


def test_record_text_is_still_escaped_in_an_override(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = school(
        make_repo,
        {
            "profile.html.j2": '{% extends "builtin/profile.html.j2" %}'
            "{% block intro %}<h1>{{ profile.pupil.heading }}</h1>{% endblock %}",
            "profile.md.j2": '{% extends "builtin/profile.md.j2" %}'
            "{% block intro %}# {{ profile.pupil.heading }}\n\n{% endblock %}",
        },
    )
    record = root / "records" / "sam-lee.yaml"
    record.write_text(record.read_text().replace("Sam Lee", '"<i>Sam</i> *Lee*"'))
    _, html, _ = render(run_cli, root)
    assert "<h1>&lt;i&gt;Sam&lt;/i&gt; *Lee*</h1>" in html
    _, md, _ = render(run_cli, root, fmt="md")
    assert "# \\<i>Sam\\</i> \\*Lee\\*" in md


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{% block footer_text %}Ours{% endblock %}",
            "templates/profile.html.j2 must extend the built-in template it replaces",
        ),
        (
            '{% extends "builtin/plan.html.j2" %}',
            "templates/profile.html.j2 must extend the built-in template it replaces",
        ),
        (
            '{% extends "builtin/profile.html.j2" %}\n{% block intro %}{% if %}{% endblock %}',
            "templates/profile.html.j2:2:",
        ),
        (
            '{% extends "builtin/profile.html.j2" %}\n{% block intro %}\n{{ pupil.nickname }}'
            "{% endblock %}",
            "templates/profile.html.j2:3: 'pupil' is undefined",
        ),
    ],
)
def test_a_template_mistake_is_a_plain_error(
    run_cli: RunCli, make_repo: MakeRepo, template: str, message: str
) -> None:
    root = school(make_repo, {"profile.html.j2": template})
    code, out, err = render(run_cli, root)
    assert code == 2
    assert message in err, err
    assert out == ""
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "expression",
    [
        "profile.__class__.__mro__",
        "''.__class__.__subclasses__()",
        "profile.pupil.__init__.__globals__",
        "cycler.__init__.__globals__.os",
        "profile.like_and_admire.append(1)",
        "range.__self__",
    ],
)
def test_a_template_cannot_reach_python(
    run_cli: RunCli, make_repo: MakeRepo, expression: str
) -> None:
    root = school(
        make_repo,
        {
            "profile.html.j2": '{% extends "builtin/profile.html.j2" %}\n'
            f"{{% block intro %}}{{{{ {expression} }}}}{{% endblock %}}"
        },
    )
    code, out, err = render(run_cli, root)
    assert code == 2, out
    assert "templates/profile.html.j2:2:" in err
    assert "Traceback" not in err


def test_no_python_from_the_repository_is_imported(
    run_cli: RunCli, make_repo: MakeRepo, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    root = school(
        make_repo,
        {
            "profile.html.j2": '{% extends "builtin/profile.html.j2" %}'
            "{% import 'evil.py' as evil %}",
        },
    )
    (root / "templates" / "evil.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (root / "jinja_extensions.py").write_text(f"open({str(marker)!r}, 'w')\n")
    render(run_cli, root)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{{ range(200000)|list|length }}", "Range too big"),
        ("{{ 1/0 }}", "the template divides by zero"),
        ("{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}", "calls itself"),
        ("{{ 'a' * 100000000 }}", "repeats a text or list to more than 100,000 items"),
        ("{{ [1, 2] * 10000000 }}", "repeats a text or list"),
        ("{{ 10 ** 10000000 }}", "a power above 1,000"),
        ("{{ 'a'|center(1000000000) }}", "a width above 1,000"),
        ("{{ 'a'.ljust(1000000000) }}", "a width above 1,000"),
        ("{{ profile.pupil.name|int(default=1/0) }}", "divides by zero"),
    ],
)
def test_a_school_template_cannot_crash_or_flood_pcplan(
    run_cli: RunCli, make_repo: MakeRepo, body: str, words: str
) -> None:
    root = school(
        make_repo,
        {
            "profile.html.j2": '{% extends "builtin/profile.html.j2" %}\n'
            f"{{% block intro %}}{body}{{% endblock %}}"
        },
    )
    code, out, err = render(run_cli, root)
    assert code == 2, err
    assert err.startswith("pcplan: error: templates/profile.html.j2:2: "), err
    assert words in err
    assert out == "" and "Traceback" not in err and "bug in pcplan" not in err
    assert not (root / "out").exists()


def test_a_huge_document_is_refused_while_it_grows(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = school(
        make_repo,
        {
            "profile.html.j2": '{% extends "builtin/profile.html.j2" %}\n'
            "{% block intro %}{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}"
            "{% endblock %}"
        },
    )
    code, out, err = render(run_cli, root)
    assert code == 2
    assert "templates/profile.html.j2: the document would be larger than 32 MiB" in err
    assert out == ""


def test_a_template_error_never_quotes_a_record(run_cli: RunCli, make_repo: MakeRepo) -> None:
    root = school(
        make_repo,
        {
            "profile.html.j2": '{% extends "builtin/profile.html.j2" %}\n'
            "{% block intro %}{{ (profile.pupil.name ~ ' said he is worried')|float + 1 }}"
            "{{ (profile.pupil.name ~ ' said he is worried') + 1 }}{% endblock %}"
        },
    )
    code, _, err = render(run_cli, root)
    assert code == 2
    assert "templates/profile.html.j2:2:" in err
    assert "Sam" not in err and "worried" not in err


def test_a_template_that_is_a_fifo_is_refused_not_waited_on(
    run_cli: RunCli, make_repo: MakeRepo
) -> None:
    import os

    root = school(make_repo, {})
    (root / "templates").mkdir()
    os.mkfifo(root / "templates" / "profile.html.j2")
    code, out, err = render(run_cli, root)
    assert code == 2
    assert "templates/profile.html.j2: this is not a regular file" in err
    assert out == ""
