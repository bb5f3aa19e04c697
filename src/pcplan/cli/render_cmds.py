"""`pcplan render`: one-page profiles, personalised learning plans and an index page."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from pcplan.cli.app import PcplanGroup, app
from pcplan.cli.options import (
    AudienceChoice,
    DocFormat,
    PupilArgument,
    RepoOption,
    TodayOption,
    check_output_name,
    complete_pupil,
    parse_audiences,
    parse_date_option,
    require_records,
    resolve_repo,
    resolve_today,
)
from pcplan.errors import EXIT_FINDINGS, InvalidRecordError, PcplanError

if TYPE_CHECKING:
    from datetime import date

    from pcplan.diagnostics.core import Diagnostic
    from pcplan.loading.records import LoadedRecord
    from pcplan.loading.repo import Repository
    from pcplan.models import Review
    from pcplan.render.documents import OutputFormat
    from pcplan.render.layout import BatchResult, DocumentKind
    from pcplan.render.views import Audience
    from pcplan.render.written import Removed, Written

render_app = typer.Typer(
    name="render",
    cls=PcplanGroup,
    help="Make documents from records: one-page profiles, plans, records of reviews for "
    "families, and an index of them.",
    short_help="Profiles, plans and records of reviews: HTML, Markdown, Word, PDF.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(render_app, name="render")

FormatOption = Annotated[
    DocFormat,
    typer.Option(
        "--format",
        help="html (a page to print or share), md (Markdown), docx (Word) or pdf "
        "(needs pcplan[pdf]).",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write to PATH instead of out/<pupil>/ ('-' for standard output); with "
        "several pupils, the folder to write into.",
        show_default=False,
    ),
]
FolderOption = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", help="The folder to write into instead of out/.", show_default=False
    ),
]
AudienceOption = Annotated[
    AudienceChoice,
    typer.Option(
        "--audience",
        help="Who it is for: staff (everything), family (no costs, UPN or staff-only notes) "
        "or pupil (easy read).",
    ),
]
AudiencesOption = Annotated[
    str,
    typer.Option(
        "--audiences",
        help="Whose documents to make, e.g. staff,family,pupil: each set in its own folder.",
    ),
]


def _format(option: DocFormat) -> OutputFormat:
    if option is DocFormat.pdf:
        from pcplan.render.pdf import require_weasyprint

        require_weasyprint()  # say how to get it before any work is done
    return option.value


def _audience(option: AudienceChoice) -> Audience:
    if option is AudienceChoice.family:
        return "family"
    if option is AudienceChoice.pupil:
        return "pupil"
    return "staff"


def _shown(path: Path) -> str:
    from pcplan.loading.files import display_path

    return display_path(path)


def _check_settings(repository: Repository) -> None:
    _refuse_bad_settings([d for d in repository.settings_diagnostics if d.severity == "error"])


def _refuse_bad_settings(errors: list[Diagnostic]) -> None:
    # Documents print the school's name and protective marking: never guess them.
    if errors:
        raise InvalidRecordError(
            "pcplan.yaml has problems, so documents cannot show the school's details; "
            "fix them and try again",
            diagnostics=list(errors),
        )


def _cannot_write(exc: OSError) -> PcplanError:
    where = f" {exc.filename}" if exc.filename else ""
    return PcplanError(
        f"cannot write{where} ({exc.strerror or 'not writable'})",
        hint="check that the folder exists and you may write to it, or choose another -o",
    )


def _render_one(
    kind: Literal["profile", "plan", "review"],
    pupil: str,
    output_format: DocFormat,
    output: Path | None,
    repo: Path | None,
    today: str | None,
    audience: AudienceChoice = AudienceChoice.staff,
    on: str | None = None,
) -> None:
    from pcplan.fileio import atomic_write_bytes, atomic_write_text
    from pcplan.loading.records import load_repository
    from pcplan.render.documents import RecordProblem, Renderer, document_path

    wanted = parse_date_option(on, "--date") if on is not None else None
    check_output_name(output, output_format.value)
    day = resolve_today(today)
    repository = resolve_repo(repo)
    path = repository.resolve_pupil(pupil)
    _check_settings(repository)
    result = load_repository(repository, day, [path])
    shown = _shown(path)
    if result.errors or not result.records:
        raise InvalidRecordError(
            f"{shown} has problems, so its {kind} was not made; fix them and try again",
            diagnostics=list(result.diagnostics),
        )
    loaded = result.records[0]
    fmt = _format(output_format)
    who = _audience(audience)
    name: str = kind
    try:
        renderer = Renderer(repository, day)
        if kind == "review":
            review = _chosen_review(loaded, pupil, wanted)
            name = f"review-{review.date.isoformat()}"
            text = renderer.review_record(loaded, review, fmt, who)
        else:
            text = renderer.document_file(kind, loaded, fmt, audience=who)
    except RecordProblem as problem:
        raise InvalidRecordError(
            f"{shown} has problems, so its {kind} was not made; fix them and try again",
            diagnostics=list(problem.diagnostics),
        ) from None
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(text.encode("utf-8") if isinstance(text, str) else text)
        sys.stdout.flush()
        return
    place = who
    if kind == "review" and who != "pupil":
        # The record of a review is the family's: it sits with the pupil's documents, and
        # the staff's copy (with what is marked share: staff) beside it. The pupil's own
        # easy-read copy goes with the pupil's other copies.
        place, name = "staff", name + ("-staff" if who == "staff" else "")
    if output is None:
        target = document_path(repository.out_dir, loaded.pupil_id, name, fmt, place)
    elif output.is_dir():
        suffix = "" if place == "staff" else f"-{place}"
        target = output / f"{loaded.pupil_id}-{name}{suffix}.{fmt}"
    else:
        target = output
    try:
        if isinstance(text, str):
            changed = atomic_write_text(target, text)
        else:
            changed = atomic_write_bytes(target, text)
    except OSError as exc:
        raise _cannot_write(exc) from None
    if output is None:
        _note_written(repository, [(target, loaded.pupil_id, text)])
    typer.echo(f"{'Wrote' if changed else 'Unchanged:'} {_shown(target)}")
    if kind == "profile" and fmt == "docx" and renderer.too_long(loaded, who):
        typer.echo(_too_long_message([loaded.record.pupil.display_name]), err=True)


def _note_written(repository: Repository, documents: list[tuple[Path, str, str | bytes]]) -> None:
    """Add documents written under out/ to its list of pcplan's documents, so that
    ``render all`` can remove them once their pupil has no record."""
    from pcplan.render.written import Written

    written = Written.open(repository.out_dir, repository.root)
    for path, pupil_id, content in documents:
        written.add(path, pupil_id, content)
    written.save()


def _chosen_review(loaded: LoadedRecord, pupil: str, on: date | None) -> Review:
    """The review asked for (the latest without --date), or a plain error naming the dates."""
    import shlex

    from pcplan.render.review_view import NoSuchReview, choose_review

    try:
        return choose_review(loaded.record, on)
    except NoSuchReview as missing:
        who = loaded.record.pupil.display_name
        if not missing.dates:
            raise PcplanError(
                f"{who} has no review recorded yet, so there is no record of one to make",
                hint=f"add one with: pcplan record-review {shlex.quote(pupil)}",
            ) from None
        assert on is not None
        dates = ", ".join(d.isoformat() for d in missing.dates)
        raise PcplanError(
            f"{who} has no review on {on.isoformat()}; the reviews recorded are on {dates}",
            hint="give one of those dates with --date, or leave --date out for the latest",
        ) from None


def _too_long_message(names: list[str]) -> str:
    who = names[0] if len(names) == 1 else f"{len(names)} pupils ({', '.join(sorted(names))})"
    return (
        f"Note: the one-page profile of {who} is longer than one A4 page in Word, so it will "
        "print on more than one page; nothing was left out. Shorten the longest statements, "
        "or split them, so that it fits."
    )


_DOCUMENT_SUFFIXES = (".html", ".htm", ".md", ".docx", ".pdf")


def _render_documents(
    kind: DocumentKind,
    pupils: list[str],
    output_format: DocFormat,
    output: Path | None,
    repo: Path | None,
    today: str | None,
    audience: AudienceChoice,
) -> None:
    """``render profile`` and ``render plan``: one pupil exactly as before, or several."""
    if len(pupils) == 1:
        _render_one(kind, pupils[0], output_format, output, repo, today, audience)
        return
    day = resolve_today(today)
    repository = resolve_repo(repo)
    # Every name is found before anything is read or written: an unknown one stops it all.
    paths: list[Path] = []
    for pupil in pupils:
        path = repository.resolve_pupil(pupil)
        if path not in paths:
            paths.append(path)
    if len(paths) == 1:
        _render_one(kind, pupils[0], output_format, output, repo, today, audience)
        return
    _render_several(kind, repository, paths, output_format, output, day, audience)


def _several_into(
    output: Path | None, fmt: OutputFormat, kind: str, count: int
) -> Path | Literal["-"] | None:
    """Where several pupils' documents go: out/ (None), standard output, or a folder."""
    if output is None:
        return None
    where = _shown(output)
    if str(output) == "-":
        if fmt in ("docx", "pdf"):
            raise PcplanError(
                f"--format {fmt} makes a file for each pupil, so {count} pupils' {kind}s "
                "cannot go to standard output (-o -)",
                hint=f"give -o a folder to put them in (e.g. -o {kind}s), leave -o out to "
                "write each under out/<pupil>/, or name one pupil",
            )
        return "-"
    if output.is_dir():
        return output
    if os.path.lexists(output) or output.suffix.lower() in _DOCUMENT_SUFFIXES:
        raise PcplanError(
            f"-o {where} names one file, but {count} pupils make {count} {kind}s",
            hint=f"give -o a folder to put them in (e.g. -o {kind}s), leave -o out to write "
            "each under out/<pupil>/, or name one pupil",
        )
    return output  # a folder that does not exist yet: made when the documents are written


def _render_several(
    kind: DocumentKind,
    repository: Repository,
    paths: list[Path],
    output_format: DocFormat,
    output: Path | None,
    day: date,
    audience: AudienceChoice,
) -> None:
    """The same document for several pupils: every valid record's is made, in the order the
    pupils were named, and written together; a record with problems is reported as
    ``validate`` reports it (exit 1)."""
    from pcplan.fileio import AtomicBatch
    from pcplan.loading.records import load_repository
    from pcplan.render.documents import RecordProblem, Renderer, document_path

    fmt = _format(output_format)
    into = _several_into(output, fmt, kind, len(paths))
    who = _audience(audience)
    _check_settings(repository)
    result = load_repository(repository, day, paths)
    invalid = result.invalid_files
    by_path = {loaded.path: loaded for loaded in result.records}
    problems: list[str] = []
    for path in paths:
        shown = _shown(path)
        if shown in invalid or path not in by_path:
            _report([d for d in result.diagnostics if d.file == shown])
            problems.append(shown)
    renderer = Renderer(repository, day)
    made: list[tuple[LoadedRecord, str | bytes]] = []
    for path in paths:
        loaded = by_path.get(path)
        if loaded is None or _shown(path) in problems:
            continue
        try:
            made.append((loaded, renderer.document_file(kind, loaded, fmt, audience=who)))
        except RecordProblem as problem:
            _report(list(problem.diagnostics))
            problems.append(_shown(path))
    if into == "-":
        for _, text in made:
            sys.stdout.buffer.write(text.encode("utf-8") if isinstance(text, str) else text)
        sys.stdout.flush()
    else:
        written: list[tuple[Path, bool]] = []
        suffix = "" if who == "staff" else f"-{who}"
        try:
            with AtomicBatch() as files:
                for loaded, text in made:
                    target = (
                        document_path(repository.out_dir, loaded.pupil_id, kind, fmt, who)
                        if into is None
                        else into / f"{loaded.pupil_id}-{kind}{suffix}.{fmt}"
                    )
                    written.append((target, files.write(target, text)))
        except OSError as exc:
            raise _cannot_write(exc) from None
        if into is None:
            _note_written(
                repository,
                [
                    (target, loaded.pupil_id, text)
                    for (target, _), (loaded, text) in zip(written, made, strict=True)
                ],
            )
        for target, changed in written:
            typer.echo(f"{'Wrote' if changed else 'Unchanged:'} {_shown(target)}")
    if kind == "profile" and fmt == "docx":
        long = [d.record.pupil.display_name for d, _ in made if renderer.too_long(d, who)]
        if long:
            typer.echo(_too_long_message(long), err=True)
    if problems:
        count = len(problems)
        typer.echo(
            f"{count} {'record has' if count == 1 else 'records have'} problems, so "
            f"{'its' if count == 1 else 'their'} {kind} was not made ({', '.join(problems)}): "
            "fix the problems above (pcplan validate lists them), then render again.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


PupilsToRender = Annotated[
    list[str],
    typer.Argument(
        help='The pupils, one or more: ids (celine-m), paths, or names ("Celine M").',
        autocompletion=complete_pupil,
        show_default=False,
    ),
]


@render_app.command("profile", short_help="The one-page profile of one or more pupils.")
def render_profile(
    pupils: PupilsToRender,
    output_format: FormatOption = DocFormat.html,
    output: OutputOption = None,
    repo: RepoOption = None,
    today: TodayOption = None,
    audience: AudienceOption = AudienceChoice.staff,
) -> None:
    """The one-page profile: what people like and admire, what matters, how to support.

    Name several pupils to make each one's profile; -o is then a folder.
    """
    _render_documents("profile", pupils, output_format, output, repo, today, audience)


@render_app.command("plan", short_help="The personalised learning plan of one or more pupils.")
def render_plan(
    pupils: PupilsToRender,
    output_format: FormatOption = DocFormat.html,
    output: OutputOption = None,
    repo: RepoOption = None,
    today: TodayOption = None,
    audience: AudienceOption = AudienceChoice.staff,
) -> None:
    """The personalised learning plan, under the five headings of the case study.

    Name several pupils to make each one's plan; -o is then a folder.
    """
    _render_documents("plan", pupils, output_format, output, repo, today, audience)


@render_app.command("review", short_help="The record of a review meeting, for the family.")
def render_review(
    pupil: PupilArgument,
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The review held on this date (default: the latest review).",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = DocFormat.html,
    output: OutputOption = None,
    repo: RepoOption = None,
    today: TodayOption = None,
    audience: AudienceOption = AudienceChoice.family,
) -> None:
    """The record of a review, for the family: who was there, what was said, what was agreed.

    It is the family's (nothing marked share: staff) unless --audience staff asks for
    everything, as a local authority's form wants.
    """
    _render_one("review", pupil, output_format, output, repo, today, audience, on)


def _report(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        typer.echo(diagnostic.as_text(), err=True)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal (on standard error); nothing when output is redirected."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("Rendering documents"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("render", total=total)
        yield lambda: progress.advance(task)


@contextmanager
def _status(message: str) -> Iterator[None]:
    """A spinner with a message on a terminal; nothing when output is redirected."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


def _render_all_binary(
    repository: Repository,
    day: date,
    fmt: OutputFormat,
    out_dir: Path,
    wanted: list[Audience],
    written: Written,
) -> BatchResult:
    """Every document in Word or PDF, read, checked and rendered on every core."""
    from pcplan.loading.records import load_repository, record_files, with_settings, workers_for
    from pcplan.render.documents import Renderer, load_and_render, render_batch

    files = record_files(repository.records_dir)
    renderer = Renderer(repository, day)
    workers = workers_for(len(files))
    prepared = None
    if workers > 1:
        with _status(f"Reading, checking and rendering {len(files)} records"):
            loaded, prepared = load_and_render(renderer, files, day, fmt, workers, wanted)
            result = with_settings(repository, loaded)
    else:
        with _status("Reading and checking the records"):
            result = load_repository(repository, day)
    with _progress(len(prepared) if prepared is not None else len(result.records)) as advance:
        return render_batch(
            renderer,
            result,
            fmt,
            out_dir,
            report=_report,
            advance=advance,
            prepared=prepared,
            audiences=wanted,
            written=written,
        )


def _say_removed(removed: Removed) -> None:
    """Which documents of pupils with no record were removed, and which folders stay."""
    if removed.pupils:
        count = len(removed.pupils)
        folders = ", ".join(f"{_shown(folder)}/" for folder in removed.folders)
        typer.echo(
            f"Removed the documents of {count} {'pupil' if count == 1 else 'pupils'} with no "
            f"record: {folders}"
        )
    for folder, left in removed.kept.items():
        changed = [path for path in left if path in removed.changed]
        own = [path for path in left if path not in removed.changed]
        why = []
        if own:
            why.append(f"pcplan did not write {_listed(own)}")
        if changed:
            why.append(f"{_listed(changed)} changed after pcplan wrote {_it(changed)}")
        typer.echo(
            f"Kept {_shown(folder)}/, though its pupil has no record: {', and '.join(why)}, "
            f"so pcplan left {_it(left)}; delete the folder yourself when it is not needed."
        )
    for link in removed.links:
        typer.echo(
            f"Kept {_shown(link)}, though its pupil has no record: it is a link to another "
            "folder, which pcplan never follows; delete it yourself when it is not needed."
        )


def _listed(paths: list[Path]) -> str:
    names = [path.name for path in paths]
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def _it(paths: list[Path]) -> str:
    return "it" if len(paths) == 1 else "them"


@render_app.command("all", short_help="Every document for every pupil, and the index page.")
def render_all(
    output_format: FormatOption = DocFormat.html,
    output: FolderOption = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read and render every record again, ignoring caches."),
    ] = False,
    repo: RepoOption = None,
    today: TodayOption = None,
    audiences: AudiencesOption = "staff",
) -> None:
    """Every document for every pupil, and an index page that links them.

    A record with problems is reported as 'pcplan validate' reports it, and the other
    pupils' documents are still made; the exit code is then 1. Documents whose record,
    photo, settings, templates and date are unchanged since the last run are kept as
    they are, not made again.
    """
    from pcplan.cache.validation import check_with_cache
    from pcplan.render.incremental import render_all_incremental

    if output is not None and str(output) == "-":
        raise PcplanError(
            "render all writes many files, so it cannot write to standard output",
            hint="give -o a folder, or leave -o out to write under out/",
        )
    wanted: list[Audience] = [
        _audience(AudienceChoice(name)) for name in parse_audiences(audiences)
    ]
    day = resolve_today(today)
    repository = resolve_repo(repo)
    fmt = _format(output_format)
    out_dir = output if output is not None else repository.out_dir
    with _status("Reading and checking the records"):
        checked = check_with_cache(repository, day, use_cache=not no_cache)
    _refuse_bad_settings([d for d in checked.settings if d.severity == "error"])
    require_records(repository)
    from pcplan.render.written import Written, remove_documents_without_record

    written = Written.open(out_dir, repository.root)
    try:
        if fmt == "docx" or fmt == "pdf":
            # Word and PDF are made whole each time: the kept-documents record covers the
            # formats made from templates.
            batch = _render_all_binary(repository, day, fmt, out_dir, wanted, written)
        else:
            with _progress(len(checked.names)) as advance:
                batch = render_all_incremental(
                    repository,
                    checked,
                    day,
                    fmt,
                    out_dir,
                    report=_report,
                    advance=advance,
                    use_manifest=not no_cache,
                    audiences=wanted,
                    written=written,
                )
    except OSError as exc:
        raise _cannot_write(exc) from None
    removed = remove_documents_without_record(written, repository.records_dir)
    written.save()
    pupils = "pupil" if batch.pupils == 1 else "pupils"
    typer.echo(
        f"Rendered {batch.documents} documents for {batch.pupils} {pupils}, and an index, "
        f"in {_shown(out_dir)}/: {batch.written} written, {batch.unchanged} unchanged."
    )
    typer.echo(f"Index: {_shown(batch.index)}")
    _say_removed(removed)
    if batch.too_long:
        typer.echo(_too_long_message(batch.too_long), err=True)
    skipped = len(batch.not_rendered)
    if skipped:
        typer.echo(
            f"{skipped} {'record was' if skipped == 1 else 'records were'} not rendered: "
            "fix the problems above (pcplan validate lists them), then render again.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
