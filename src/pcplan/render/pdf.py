"""PDF: the HTML document printed by WeasyPrint (the optional extra ``pdf``).

The PDF is tagged (PDF/UA-1), so that screen readers can follow its headings, lists and
tables. WeasyPrint fetches nothing: a document carries its style and its photo inside it,
and any other address is refused, so making a PDF never touches the network.
"""

from __future__ import annotations

from typing import Any

from pcplan.errors import PcplanError

INSTALL_HINT = (
    "install it with: pip install 'pcplan[pdf]' (in a copy of pcplan's source, make installs "
    "it), or make a Word file with --format docx"
)


def require_weasyprint() -> Any:
    """The weasyprint module, or a plain error that says how to get it."""
    try:
        import weasyprint
    except (ImportError, OSError):
        # OSError: WeasyPrint is there but the Pango library it needs is not.
        raise PcplanError(
            "PDF files need WeasyPrint, the optional extra 'pdf', which is not installed",
            hint=INSTALL_HINT,
        ) from None
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """An HTML document as a tagged A4 PDF; the same HTML always gives the same bytes."""
    import logging

    weasyprint = require_weasyprint()
    from weasyprint.urls import URLFetcher

    # WeasyPrint reports the screen-only CSS it skips: nothing a teacher needs to read.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols=["data"], allow_redirects=False)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
