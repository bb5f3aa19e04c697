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
import functools
import os
import re
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
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from pcplan.diagnostics.core import looks_like_key
from pcplan.errors import PcplanError
from pcplan.fileio import FileRefused, read_regular_file
from pcplan.render import markdown
from pcplan.render.layout import builtin_templates_dir as builtin_templates_dir

BUILTIN_PREFIX = "builtin"
TEMPLATE_SUFFIX = ".j2"
MAX_BUILT = 100_000
"""The longest text or list a template may build by repeating one (``'-' * 80``)."""
MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_DOCUMENT_CHARS = 32 * 1024 * 1024
"""The largest document pcplan writes (a profile with a large photo is about 7 MB)."""


class TemplateProblem(PcplanError):
    """A template in the school's ``templates/`` folder cannot be used (exit code 2)."""


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
        where = f"{self.shown_as}/{template}"
        candidate = self.folder / template
        if os.path.lexists(candidate):
            # A FIFO or device named like a template would hang or flood the render.
            try:
                read_regular_file(candidate, MAX_TEMPLATE_BYTES)
            except FileRefused as exc:
                raise TemplateProblem(f"{where}: {exc.message}") from None
            except OSError as exc:
                raise TemplateProblem(
                    f"{where} cannot be read ({exc.strerror or 'unreadable'})"
                ) from None
        source, filename, uptodate = super().get_source(environment, template)
        builtin = self.builtin / template
        if builtin.is_file() and builtin.read_text(encoding="utf-8") == source:
            # An exact copy of the built-in changes nothing (pcplan's own source tree is
            # such a repository): use the built-in.
            raise TemplateNotFound(template)
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
    if type(value) is str:
        return _markdown_block(value)
    return Markup(markdown.escape_block(value))


# A whole-school table repeats the same few words (a year group, an area of need, a
# member of staff) thousands of times: each text is escaped once per run.
@functools.lru_cache(maxsize=4096)
def _markdown_block(text: str) -> Markup:
    return Markup(markdown.escape_block(text))


@functools.lru_cache(maxsize=4096)
def _markdown_cell(text: str) -> Markup:
    return Markup(markdown.escape_cell(text))


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
    if type(value) is str:
        return _markdown_cell(value)
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


VIEW_MODULES = frozenset(
    {
        "pcplan.render.views",
        "pcplan.render.pages",
        "pcplan.cohort.views",
        "pcplan.cohort.overview",
    }
)
"""The modules whose dataclasses are view models: plain data a template may read freely."""


class ViewFields(dict[type, frozenset[str]]):
    """The fields of each type a template reads, found on first use: a view model's
    dataclass fields, nothing for any other type (which keeps all the sandbox's checks).

    Found as they are met, so that a page imports only the view models it shows."""

    def __missing__(self, cls: type) -> frozenset[str]:
        fields: frozenset[str] = frozenset()
        if cls.__module__ in VIEW_MODULES and dataclasses.is_dataclass(cls):
            fields = frozenset(f.name for f in dataclasses.fields(cls))
        self[cls] = fields
        return fields


class TemplateLimit(Exception):
    """A template tried to build something far larger than any document needs."""


MAX_WIDTH = 1_000
"""The widest padding or indent a template may ask for (a line of a document is ~100)."""

# Filters and text methods that pad a text to a width: refused above MAX_WIDTH.
_PADDING_FILTERS = frozenset({"center", "indent", "wordwrap"})
_PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
# Filters that can make a long text from a short one: their result is measured.
_GROWING_FILTERS = ("center", "indent", "wordwrap", "format", "replace", "join")


def _refuse_huge(value: Any) -> Any:
    if isinstance(value, str | list | tuple) and len(value) > MAX_DOCUMENT_CHARS:
        raise TemplateLimit("the template builds a text longer than any document may be")
    return value


def _refuse_wide(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_WIDTH:
            raise TemplateLimit(f"the template asks for a width above {MAX_WIDTH:,}")


def _limited_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses huge widths, and results longer than a document may be."""
    padding = name in _PADDING_FILTERS

    @functools.wraps(function)  # keeps Jinja's pass_environment/pass_eval_context marks
    def limited(*args: Any, **kwargs: Any) -> Any:
        if padding:
            _refuse_wide(args, kwargs)
        return _refuse_huge(function(*args, **kwargs))

    return limited


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with a quick path for the fields of pcplan's view models,
    and limits on what a school's template can build.

    A field of a view model holds plain data (text, numbers, lists, other view models), so
    reading it needs none of the sandbox's checks; everything else still gets them all.
    A document reads hundreds of fields, and the checks were half of its rendering time.

    ``'a' * 100000000``, ``2 ** 10000000`` or ``'x'.center(10**9)`` would take the
    machine's memory or time: repetition, powers, padding and formatting are checked
    before they run (Jinja's sandbox already limits ``range``).
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.view_fields = ViewFields()

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in self.view_fields[type(obj)]:
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                repeats = isinstance(sequence, str | list | tuple) and isinstance(count, int)
                if repeats and len(sequence) * max(count, 0) > MAX_BUILT:
                    raise TemplateLimit(
                        f"the template repeats a text or list to more than {MAX_BUILT:,} items"
                    )
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > 1000:
                raise TemplateLimit("the template raises a number to a power above 1,000")
        elif operator == "%" and isinstance(left, str):
            return _refuse_huge(super().call_binop(context, operator, left, right))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(getattr(__obj, "__self__", None), str | list | tuple):
            return super().call(__context, __obj, *args, **kwargs)
        if getattr(__obj, "__name__", "") in _PADDING_METHODS:
            _refuse_wide(args, kwargs)  # 'x'.center(10**9)
        return _refuse_huge(super().call(__context, __obj, *args, **kwargs))


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
    for name in _GROWING_FILTERS:
        env.filters[name] = _limited_filter(name, env.filters[name])
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
    """Render ``name`` with ``context``; a school template's mistake becomes a plain error.

    Whatever a school's template raises (an undefined name, a division by zero, a macro
    that calls itself for ever, a limit of the sandbox) is reported as a problem in that
    template, at its line, without repeating values from the records.
    """
    too_large = TemplateProblem(
        f"{shown_as}/{name}: the document would be larger than "
        f"{MAX_DOCUMENT_CHARS // (1024 * 1024)} MiB, more than any document may be",
        hint="check the template for a loop or repetition",
    )
    try:
        template = env.get_template(name)
        if school_templates is None:
            # The built-in templates only print what the records hold, and records have
            # limits: the document's size is known once it is made, in one join.
            text = template.render(**context)
            if len(text) > MAX_DOCUMENT_CHARS:
                raise too_large
        else:
            pieces: list[str] = []
            size = 0
            for piece in template.generate(**context):
                size += len(piece)
                if size > MAX_DOCUMENT_CHARS:  # stop while it grows, before memory fills
                    raise too_large
                pieces.append(piece)
            text = "".join(pieces)
    except TemplateProblem:
        raise
    except TemplateNotFound as exc:
        if school_templates is not None and (school_templates / name).is_file():
            raise TemplateProblem(
                f"{shown_as}/{name} extends a template that does not exist ({exc.name})",
                hint=f'use {{% extends "{BUILTIN_PREFIX}/{name}" %}}',
            ) from None
        raise
    except Exception as exc:
        where = school_template_location(exc, school_templates)
        if where is None:
            raise
        raise TemplateProblem(
            f"{shown_as}/{where}: {template_error_words(exc)}",
            hint="fix the template, or remove it to use the built-in one",
        ) from None
    return tidy(text)


_QUOTED = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"")


def template_error_words(exc: BaseException) -> str:
    """What went wrong in a template, in one line, with no text from a record in it.

    Python's messages quote values (``invalid literal for int(): 'Celine said…'``): a
    quoted part is kept only when it looks like a name from the template itself.
    """
    if isinstance(exc, RecursionError):
        return "the template calls a macro that calls itself without end"
    if isinstance(exc, MemoryError):
        return "the template needs more memory than any document should"
    if isinstance(exc, ZeroDivisionError):
        return "the template divides by zero"
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__

    def keep_names(match: re.Match[str]) -> str:
        quoted = match.group(1) if match.group(1) is not None else match.group(2)
        return match.group(0) if looks_like_key(quoted) or quoted.endswith(" object") else "'…'"

    words = _QUOTED.sub(keep_names, " ".join(str(message).split()))
    return words if len(words) <= 200 else words[:199] + "…"
