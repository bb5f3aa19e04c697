"""The template environment: built-in templates, then the school's overrides of single blocks.

Templates run in Jinja's immutable sandbox with strict undefined, so a template from a
records repository can read the view models it is given and nothing else: no Python from
a records repository is ever imported or run. HTML templates (``*.html.j2``) escape every
value for HTML; Markdown templates (``*.md.j2``) escape every value for CommonMark (see
:mod:`pcplan.render.markdown`), so text from a record can never become markup. Each
format has its own environment; each template compiles once per run.

The school's ``templates/`` folder is found from the repository root, never from the
working directory. A file there named like a built-in (``profile.html.j2``) replaces it,
and must extend it (``{% extends "builtin/profile.html.j2" %}``) and replace named blocks,
so that the rest of the document keeps following pcplan's updates.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from pcplan.errors import PcplanError
from pcplan.render import markdown

BUILTIN_PREFIX = "builtin"
TEMPLATE_SUFFIX = ".j2"


class TemplateProblem(PcplanError):
    """A template in the school's ``templates/`` folder cannot be used (exit code 2)."""


def builtin_templates_dir() -> Path:
    """The built-in templates: inside the installed package, else the project's templates/.

    A wheel carries them as ``pcplan/templates``; an editable install from a source
    checkout reads the project's own ``templates/`` folder.
    """
    from importlib.resources import files

    packaged = files("pcplan") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[3] / "templates"
    if (source / "base.html.j2").is_file():
        return source
    raise RuntimeError("pcplan's built-in templates are missing from this installation")


def _extended_names(tree: nodes.Template) -> list[str]:
    return [
        node.template.value
        for node in tree.body
        if isinstance(node, nodes.Extends)
        and isinstance(node.template, nodes.Const)
        and isinstance(node.template.value, str)
    ]


class SchoolTemplateLoader(FileSystemLoader):
    """The school's ``templates/``: each file there must extend the built-in of its name."""

    def __init__(self, folder: Path, shown_as: str, builtin: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.shown_as = shown_as
        self.builtin = builtin

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        builtin = self.builtin / template
        if builtin.is_file() and builtin.read_text(encoding="utf-8") == source:
            # An exact copy of the built-in changes nothing (pcplan's own source tree is
            # such a repository): use the built-in.
            raise TemplateNotFound(template)
        where = f"{self.shown_as}/{template}"
        try:
            tree = environment.parse(source, template, filename)
        except TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"{where}:{exc.lineno}: {exc.message}",
                hint="fix the template, or remove it to use the built-in one",
            ) from None
        wanted = f"{BUILTIN_PREFIX}/{template}"
        if wanted not in _extended_names(tree):
            raise TemplateProblem(
                f"{where} must extend the built-in template it replaces",
                hint=f'start it with {{% extends "{wanted}" %}} and replace only the blocks '
                "you want to change",
            )
        return source, filename, uptodate


# Each format has its own environment, and so its own meaning for "escaped". Both
# autoescape, so that text marked safe (Markup: a macro's output, a filter's) is kept as
# it is; every other value printed is escaped: for HTML by autoescape, for CommonMark by
# the Markdown environment's finalize (autoescape then leaves its Markup alone).


def _html_finalize(value: Any) -> Any:
    return "" if value is None else value


def _markdown_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(markdown.escape_block(value))


def html_lines(value: Any) -> Markup:
    """Text with its line breaks kept, as <br>."""
    text = "" if value is None else str(value)
    if markdown.is_one_line(text):
        return escape(text.strip())
    return Markup("<br>\n").join(escape(line) for line in markdown.text_lines(text))


def html_one_line(value: Any) -> Markup:
    """Text on one line: line breaks become spaces."""
    return escape(" ".join(markdown.text_lines(value)))


def markdown_lines(value: Any) -> Markup:
    """Text for a paragraph or list item, its line breaks kept as hard breaks."""
    return Markup(markdown.escape_block(value))


def markdown_one_line(value: Any) -> Markup:
    """Text on one line (a heading): line breaks become spaces."""
    return Markup(markdown.escape_line_only(value))


def markdown_cell(value: Any) -> Markup:
    """Text in a table cell: pipes escaped, line breaks as <br>."""
    return Markup(markdown.escape_cell(value))


def upper_first(value: Any) -> str:
    """The text with its first letter in capitals (and the rest as it was)."""
    text = "" if value is None else str(value)
    return text[:1].upper() + text[1:]


def css_string(value: Any) -> Markup:
    """A CSS string literal that cannot end the string or the <style> element."""
    out = ['"']
    for ch in str(value):
        if (ch.isascii() and ch.isalnum()) or ch == " ":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    out.append('"')
    return Markup("".join(out))


def school_templates_dir(folder: Path) -> Path | None:
    """The repository's ``templates/`` folder when it holds overrides, else None."""
    if not folder.is_dir():
        return None
    # pcplan's own source tree is also a records repository: its templates/ folder holds
    # the built-ins themselves, not overrides of them.
    if folder.resolve() == builtin_templates_dir().resolve():
        return None
    return folder


def _view_fields() -> dict[type, frozenset[str]]:
    from pcplan.cohort import overview
    from pcplan.cohort import views as cohort_views
    from pcplan.render import views

    return {
        cls: frozenset(f.name for f in dataclasses.fields(cls))
        for module in (views, cohort_views, overview)
        for cls in vars(module).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == module.__name__
    }


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with a quick path for the fields of pcplan's view models.

    A field of a view model holds plain data (text, numbers, lists, other view models), so
    reading it needs none of the sandbox's checks; everything else still gets them all.
    A document reads hundreds of fields, and the checks were half of its rendering time.
    """

    view_fields: dict[type, frozenset[str]] = {}  # noqa: RUF012

    def getattr(self, obj: Any, attribute: str) -> Any:
        fields = self.view_fields.get(type(obj))
        if fields is not None and attribute in fields:
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)


def make_environment(
    fmt: str, school_templates: Path | None = None, shown_as: str = "templates"
) -> Any:
    """The environment for one format ("html" or "md"), made once per run.

    ``school_templates`` is the folder of the school's overrides (see
    :func:`school_templates_dir`), or None. Every filter exists in both formats with the
    same name (``lines``, ``one_line``, ``cell``), each escaping for its own format.
    """
    builtin_dir = builtin_templates_dir()
    builtin = FileSystemLoader(str(builtin_dir))
    choices: list[BaseLoader] = [PrefixLoader({BUILTIN_PREFIX: builtin})]
    if school_templates is not None:
        choices.append(SchoolTemplateLoader(school_templates, shown_as, builtin_dir))
    choices.append(builtin)
    is_html = fmt == "html"
    env = DocumentSandbox(
        loader=ChoiceLoader(choices),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_html_finalize if is_html else _markdown_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
    )
    env.view_fields = _view_fields()
    env.filters.update(
        lines=html_lines if is_html else markdown_lines,
        one_line=html_one_line if is_html else markdown_one_line,
        cell=html_lines if is_html else markdown_cell,
        upper_first=upper_first,
        css_string=css_string,
    )
    return env


def school_template_location(exc: BaseException, school_templates: Path | None) -> str | None:
    """``templates/x.html.j2:LINE`` when an error arose in one of the school's templates."""
    if school_templates is None:
        return None
    folder = str(school_templates.resolve())
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        filename = str(Path(frame.filename).resolve()) if frame.filename else ""
        if filename.startswith(folder + "/") and filename.endswith(TEMPLATE_SUFFIX):
            return f"{Path(filename).relative_to(folder).as_posix()}:{frame.lineno}"
    return None


def tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines: list[str] = []
    blank = True  # no blank lines at the start
    for line in text.split("\n"):
        line = line.rstrip()
        if line:
            lines.append(line)
            blank = False
        elif not blank:
            lines.append(line)
            blank = True
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def render_template(
    env: Any,
    name: str,
    school_templates: Path | None,
    shown_as: str = "templates",
    **context: Any,
) -> str:
    """Render ``name`` with ``context``; a school template's mistake becomes a plain error."""
    try:
        template = env.get_template(name)
        return tidy(template.render(**context))
    except TemplateProblem:
        raise
    except TemplateNotFound as exc:
        if school_templates is not None and (school_templates / name).is_file():
            raise TemplateProblem(
                f"{shown_as}/{name} extends a template that does not exist ({exc.name})",
                hint=f'use {{% extends "{BUILTIN_PREFIX}/{name}" %}}',
            ) from None
        raise
    except (TemplateError, TypeError, ValueError, AttributeError) as exc:
        where = school_template_location(exc, school_templates)
        if where is None:
            raise
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise TemplateProblem(
            f"{shown_as}/{where}: {message}",
            hint="fix the template, or remove it to use the built-in one",
        ) from None
