"""The `policy-chat` command: a thin edge over the library (ingest, Assistant, eval, web)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from index.errors import PolicyChatError
from index.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Answers questions about government policy texts, with exact citations.",
)
feedback_app = typer.Typer(help="Feedback collected in the web chat.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")
# soft_wrap: a message is one line even in a pipe or a log (Rich otherwise breaks lines at 80 columns)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

IndexDir = Annotated[
    Path | None,
    typer.Option(
        "--index-dir", envvar="POLICY_CHAT_INDEX_DIR", help="Where the index lives [default: ./.policy-chat]."
    ),
]
Collection = Annotated[
    str | None,
    typer.Option("--collection", envvar="POLICY_CHAT_COLLECTION", help="Collection name [default: default]."),
]
ChromaUrl = Annotated[
    str | None,
    typer.Option(
        "--chroma-url", envvar="POLICY_CHAT_CHROMA_URL", help="Use a Chroma server instead of the embedded store."
    ),
]
LlmUrl = Annotated[
    str | None,
    typer.Option("--llm-base-url", envvar="POLICY_CHAT_LLM_BASE_URL", help="OpenAI-compatible or Ollama server URL."),
]
Llm = Annotated[
    str | None,
    typer.Option(
        "--llm", envvar="POLICY_CHAT_LLM", help="'extractive' (default), 'openai:<model>' or 'ollama:<model>'."
    ),
]


def settings_for(
    index_dir: Path | None = None,
    collection: str | None = None,
    chroma_url: str | None = None,
    llm: str | None = None,
    llm_base_url: str | None = None,
    **extra: object,
) -> Settings:
    given = {
        "index_dir": index_dir,
        "collection": collection,
        "chroma_url": chroma_url,
        "llm": llm,
        "llm_base_url": llm_base_url,
        **extra,
    }
    return Settings(**{k: v for k, v in given.items() if v is not None})


# C0 and C1 controls (ESC starts the sequences that retitle or clear a terminal) and the bidi
# overrides that make a name read differently than it is.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """Text from documents, file names or manifests, safe to print: control characters are shown
    as escapes (``\\x1b``) instead of reaching the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def labelled(label: str, style: str, text: object) -> Text:
    """``label`` styled, then untrusted text as it is: never read as Rich markup, never raw controls."""
    return Text.assemble((label, style), " ", printable(text))


def fail(exc: BaseException) -> None:
    if isinstance(exc, PolicyChatError):
        err.print(labelled("Error:", "bold red", exc), highlight=False)
        raise typer.Exit(1)
    if os.environ.get("POLICY_CHAT_DEBUG") or isinstance(exc, BrokenPipeError):
        raise exc
    err.print(
        labelled(
            "Unexpected error:",
            "bold red",
            f"{type(exc).__name__}: {exc}. Set POLICY_CHAT_DEBUG=1 for details and report it.",
        ),
        highlight=False,
    )
    raise typer.Exit(2)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders; none = the bundled announcement.")
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option(
            help="Build the collection anew from the paths given; it replaces the old one only if it succeeds."
        ),
    ] = False,
    follow_symlinks: Annotated[
        bool, typer.Option(help="Also read files that symbolic links in the folders point to outside them.")
    ] = False,
    index_dir: IndexDir = None,
    collection: Collection = None,
    chroma_url: ChromaUrl = None,
) -> None:
    """Clean, chunk, embed and store documents (re-ingest is idempotent)."""
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ingest.pipeline import Ingestor

    try:
        settings = settings_for(index_dir, collection, chroma_url)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),  # a 19 MB compilation is one document: the bar moves within it
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as progress:
            task = progress.add_task("Ingesting", total=None)

            def on_progress(doc_id: str, done: float, total: int) -> None:
                label = escape(printable(f"Ingesting from {doc_id}")) if doc_id else "Finishing"
                progress.update(task, total=total, completed=done, description=label)

            report = Ingestor(settings).ingest(
                list(paths or []) or None, rebuild=rebuild, on_progress=on_progress, follow_symlinks=follow_symlinks
            )
    except Exception as exc:
        fail(exc)
        return
    for problem in report.failed:
        err.print(labelled("Skipped", "yellow", problem), highlight=False)
    for warning in report.warnings:
        err.print(labelled("Note", "yellow", warning), highlight=False)
    out.print(
        printable(
            f"Collection '{settings.collection}' in {settings.index_dir}: "
            f"{len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
            f"{len(report.failed)} failed; {report.chunks} chunks written."
        ),
        highlight=False,
        markup=False,
    )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def remove(
    doc_ids: list[str], index_dir: IndexDir = None, collection: Collection = None, chroma_url: ChromaUrl = None
) -> None:
    """Remove documents (by id, see `policy-chat docs`) from a collection."""
    from ingest.pipeline import Ingestor

    try:
        removed = Ingestor(settings_for(index_dir, collection, chroma_url)).remove(doc_ids)
    except Exception as exc:
        fail(exc)
        return
    out.print(printable(f"Removed {len(removed)} document(s): {', '.join(removed)}"), highlight=False, markup=False)


@app.command()
def docs(
    index_dir: IndexDir = None,
    collection: Collection = None,
    chroma_url: ChromaUrl = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the documents in a collection."""
    from app.assistant import Assistant

    try:
        documents = Assistant(settings_for(index_dir, collection, chroma_url)).documents()
    except Exception as exc:
        fail(exc)
        return
    if as_json:
        print(json.dumps(documents, ensure_ascii=False, indent=1))
        return
    for d in documents:
        line = f"{d['doc_id']}  {d['date']}  {d['chunks']} chunks  {d['title']}"
        out.print(printable(line), highlight=False, markup=False)


def _print_answer(answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.public(), ensure_ascii=False, indent=1))
        return
    style = "yellow" if answer.abstained else "bold"
    out.print(answer.text, style=style, highlight=False, markup=False)
    if answer.notice:
        out.print(answer.notice, style="italic", highlight=False, markup=False)
    for c in answer.citations:
        where = " · ".join(x for x in (c.title, c.date, c.section) if x)
        out.print(printable(f"[{c.n}] {where} [{c.start}:{c.end}]"), style="cyan", highlight=False, markup=False)
        out.print(f"    「{printable(c.text)}」", highlight=False, markup=False)


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="The question; none = interactive chat.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    index_dir: IndexDir = None,
    collection: Collection = None,
    chroma_url: ChromaUrl = None,
    llm: Llm = None,
    llm_base_url: LlmUrl = None,
) -> None:
    """Ask one question, or chat interactively (history is kept for follow-ups)."""
    from app.assistant import Assistant
    from app.text_input import check_encodable

    try:
        assistant = Assistant(settings_for(index_dir, collection, chroma_url, llm, llm_base_url))
        if question is not None:
            _print_answer(assistant.ask(check_encodable(question, from_terminal=True)), as_json)
            return
        assistant.searcher  # noqa: B018 - fail early when there is no index
    except Exception as exc:
        fail(exc)
        return
    history: list[str] = []
    if hasattr(sys.stdin, "reconfigure"):  # bad bytes reach check_encodable instead of ending the session
        sys.stdin.reconfigure(errors="surrogateescape")
    out.print(
        "Ask about the indexed policy texts (empty line or Ctrl-D to quit, /new for a new conversation).",
        style="dim",
        highlight=False,
    )
    while True:
        try:
            line = input("? ")
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if not line.strip():
            return
        if line.strip() == "/new":
            history.clear()
            continue
        try:
            answer = assistant.ask(check_encodable(line, from_terminal=True), history)
        except PolicyChatError as exc:
            err.print(f"Error: {exc}", highlight=False, markup=False)
            continue
        _print_answer(answer, as_json)
        history.append(line)


@app.command()
def serve(
    host: Annotated[str, typer.Option(envvar="POLICY_CHAT_HOST", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="POLICY_CHAT_PORT", min=1, max=65535, help="TCP port (1-65535).")] = 7860,
    auth: Annotated[str | None, typer.Option(envvar="POLICY_CHAT_AUTH", help="user:password login.")] = None,
    admin: Annotated[
        str | None,
        typer.Option(
            envvar="POLICY_CHAT_ADMIN",
            help="user:password of the one login that may add and remove documents from the page "
            "(without it, any --auth login may).",
        ),
    ] = None,
    index_dir: IndexDir = None,
    collection: Collection = None,
    chroma_url: ChromaUrl = None,
    llm: Llm = None,
    llm_base_url: LlmUrl = None,
) -> None:
    """Start the web chat (Gradio) on http://HOST:PORT."""
    try:
        from app.assistant import Assistant
        from app.web import serve as serve_web

        settings = settings_for(index_dir, collection, chroma_url, llm, llm_base_url)
        err.print(f"Serving collection '{settings.collection}' on http://{host}:{port}", highlight=False)
        serve_web(Assistant(settings), host=host, port=port, auth=auth, admin=admin)
    except Exception as exc:
        fail(exc)


@feedback_app.command("export")
def feedback_export(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the eval cases (JSONL).")] = Path(
        "feedback-cases.jsonl"
    ),
    index_dir: IndexDir = None,
    collection: Collection = None,
) -> None:
    """Write the collected feedback as eval cases (the eval JSONL format) for review."""
    from app.feedback import as_eval_cases, dumps_line, feedback_path, load

    try:
        check_out_file(out_file)
        settings = settings_for(index_dir, collection)
        log = load(settings)
        for problem in log.problems:
            err.print(printable(f"Skipped {feedback_path(settings)} {problem}"), highlight=False, markup=False)
        cases = as_eval_cases(log.entries)
        try:
            out_file.write_text("".join(dumps_line(c) for c in cases), encoding="utf-8")
        except OSError as exc:
            raise PolicyChatError(
                f"{out_file} cannot be written ({exc.strerror}).", "Choose another --out path."
            ) from exc
    except Exception as exc:
        fail(exc)
        return
    out.print(printable(f"Wrote {len(cases)} case(s) to {out_file}"), highlight=False, markup=False)


def check_out_file(path: Path) -> None:
    """An output path must name a file in a folder that exists (checked before any work is done)."""
    if path.is_dir():
        raise PolicyChatError(f"{path} is a folder.", f"Give a file name, for example --out {path / 'cases.jsonl'}.")
    if not path.parent.is_dir():
        raise PolicyChatError(
            f"The folder {path.parent} does not exist.", "Create it first, or give --out a path in an existing folder."
        )


@app.command("calibrate")
def calibrate_cmd(
    passes: Annotated[int, typer.Option(help="Fits in a row (follow-ups are resolved with the previous fit).")] = 2,
    index_dir: IndexDir = None,
) -> None:
    """Fit the answer scorer and its abstention thresholds on the dev split; writes app/data/model.json."""
    from eval.calibrate import collect, fit, save, summary
    from eval.cases import default_case_files, load_cases, select_split

    try:
        settings = settings_for(index_dir, None, None, None, None)
        cases = select_split(load_cases(default_case_files()), "dev")
        for _ in range(max(1, passes)):
            model = fit(collect(settings, cases))
            path = save(model)
    except Exception as exc:
        fail(exc)
        return
    out.print(summary(model), highlight=False, markup=False)
    out.print(f"Model written to {path}", highlight=False)


@app.command("eval")
def eval_cmd(
    cases: Annotated[
        list[Path] | None, typer.Option("--cases", help="Case files (JSONL); default: eval/cases/*.")
    ] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="One result line per case (JSONL).")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Folder for summary, JUnit, Markdown, HTML.")] = None,
    update_baseline: Annotated[bool, typer.Option(help="Accept this run as the new baseline.")] = False,
    gate: Annotated[bool, typer.Option(help="Check floors and the baseline; exit 1 on failure.")] = True,
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help="dev (tune on it), test (the gate's held-out cases), all, or holdout (a later batch: measured, never gated).",
        ),
    ] = "all",
    index_dir: IndexDir = None,
    llm: Llm = None,
    llm_base_url: LlmUrl = None,
    chroma_url: ChromaUrl = None,
) -> None:
    """Run the evaluation cases through the answering API and check the gate."""
    from eval.cases import HOLDOUT, cases_for
    from eval.gate import check, eval_file, load_json
    from eval.report import table_md, write_reports, write_results
    from eval.runner import run

    if update_baseline and split == HOLDOUT:
        fail(PolicyChatError("The baseline is the test split's.", "Run with --split test --update-baseline."))
        return
    gate = gate and split != HOLDOUT  # the gate's floors and baseline are the test split's
    try:
        settings = settings_for(index_dir, None, chroma_url, llm, llm_base_url)
        results, summary = run(settings, cases_for(split, cases))
    except Exception as exc:
        fail(exc)
        return
    baseline_path = eval_file("baseline.json")
    failures = check(summary, load_json(eval_file("thresholds.json")), load_json(baseline_path)) if gate else []
    if out_file:
        write_results(out_file, results)
    if report:
        write_reports(report, results, summary, failures)
    out.print(table_md(summary), highlight=False, markup=False)
    for r in results:
        if not r.passed:
            err.print(
                f"FAIL {r.id} [{r.lang}] {r.question} -> {r.answer[:100]!r}: {r.why}", highlight=False, markup=False
            )
    if update_baseline:
        from eval.report import _json_safe

        keep = {"overall": summary["overall"], "by_lang": summary["by_lang"]}
        baseline_path.write_text(json.dumps(_json_safe(keep), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out.print(f"Baseline updated: {baseline_path}", highlight=False)
        return
    for f in failures:
        err.print(f"GATE {f}", highlight=False, markup=False)
    passed = sum(r.passed for r in results)
    print(f"eval: {passed} passed, {len(results) - passed} failed")
    if failures:
        raise typer.Exit(1)


@app.command("eval-compare")
def eval_compare(
    before: Annotated[Path, typer.Argument(help="An `eval --out` file: the run before the change.")],
    after: Annotated[Path, typer.Argument(help="An `eval --out` file of the same cases: the run after it.")],
) -> None:
    """Compare two eval runs case by case: fixed, broken, and how likely that split is by chance."""
    from eval.compare import load_run, table

    try:
        out.print(table(load_run(before), load_run(after)), highlight=False, markup=False)
    except PolicyChatError as exc:
        fail(exc)


@app.command()
def bench(
    quick: Annotated[bool, typer.Option(help="A small, fast run (smoke test).")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for bench.json and bench.md.")] = Path("reports/bench"),
    embed_model: Annotated[str | None, typer.Option(envvar="POLICY_CHAT_EMBED_MODEL")] = None,
) -> None:
    """Measure latency, throughput, scale, concurrency and cold start (writes JSON and Markdown)."""
    from eval.bench import run_bench
    from index.settings import DEFAULT_MODEL

    try:
        result = run_bench(out_dir, embed_model or DEFAULT_MODEL, quick=quick)
    except Exception as exc:
        fail(exc)
        return
    out.print((out_dir / "bench.md").read_text(encoding="utf-8"), highlight=False, markup=False)
    out.print(f"Written: {out_dir / 'bench.json'}", highlight=False)
    _ = result


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `policy-chat ask … | head`: the reader left; nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()
