"""The command line: ``telnyx-codegen generate --spec PATH_OR_URL --out DIR``."""

from __future__ import annotations

import sys

# Everything else is imported inside main(): importing it takes most of a second, and a
# Ctrl-C then must end in the same clean exit 130 as later on, not in a traceback.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path

    from rich.console import Console

EXIT_OK = 0
EXIT_DRIFT = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    import argparse
    from pathlib import Path

    from .emit import DEFAULT_FORMATTER, FORMATTERS

    parser = argparse.ArgumentParser(prog="telnyx-codegen", description="Generate a typed Python client from the Telnyx OpenAPI spec.")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="generate the client package, models and docs")
    gen.add_argument("--spec", required=True, help="OpenAPI file (YAML or JSON) or http(s) URL")
    gen.add_argument("--out", required=True, type=Path, help="output directory (owned by the generator)")
    gen.add_argument("--package", help="import name of the generated package (default: telnyx_client)")
    gen.add_argument("--config", type=Path, help="TOML config file (package, doc groups, name overrides)")
    gen.add_argument("--report", type=Path, help="write a JSON report of the run here")
    gen.add_argument("--force", action="store_true", help="write into a non-empty directory the generator did not create")
    gen.add_argument("--no-cache", action="store_true", help="do not read or write the parsed-spec and formatting caches")
    gen.add_argument("--quiet", "-q", action="store_true", help="no progress, only errors")
    gen.add_argument(
        "--formatter",
        choices=FORMATTERS,
        default=DEFAULT_FORMATTER,
        help="the engine giving black's style: ruff format (default; the same bytes as black on generated code) or black itself (about 100x slower)",
    )
    chk = sub.add_parser("check", help="exit 1 (listing the files) when DIR differs from a fresh generation; writes nothing")
    chk.add_argument("--spec", required=True, help="OpenAPI file (YAML or JSON) or http(s) URL")
    chk.add_argument("--out", required=True, type=Path, help="the generated directory to check")
    chk.add_argument("--package", help="import name of the package (default: DIR/manifest.json's package)")
    chk.add_argument("--config", type=Path, help="TOML config file, as given to generate")
    chk.add_argument("--diff", action="store_true", help="also print a unified diff of each changed file")
    chk.add_argument("--formatter", choices=FORMATTERS, default=DEFAULT_FORMATTER, help=f"the formatting engine to compare with (default {DEFAULT_FORMATTER})")
    chk.add_argument("--no-cache", action="store_true", help="do not read or write the parsed-spec and formatting caches")
    chk.add_argument("--quiet", "-q", action="store_true", help="say nothing when DIR is up to date")
    dif = sub.add_parser("diff", help="API changelog from OLD to NEW spec, each change classified breaking or not")
    dif.add_argument("old", help="the previous spec (file or http(s) URL)")
    dif.add_argument("new", help="the new spec (file or http(s) URL)")
    dif.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format (default markdown)")
    dif.add_argument("--output", "-o", type=Path, help="write the changelog here instead of stdout")
    dif.add_argument("--package", help="import name of the generated package (names in the changelog)")
    dif.add_argument("--config", type=Path, help="TOML config file, as given to generate")
    dif.add_argument("--save-new", type=Path, help="also write NEW's parsed document (JSON) here, the OLD of the next run")
    dif.add_argument("--allow-missing-old", action="store_true", help="a missing OLD file means a first generation, not an error")
    dif.add_argument("--fail-on-breaking", action="store_true", help="exit 1 when any change is breaking")
    dif.add_argument("--no-cache", action="store_true", help="do not read or write the parsed-spec cache")
    dif.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    con = sub.add_parser("contract", help="call every generated operation against a Prism mock server of the spec")
    con.add_argument("--spec", required=True, help="the OpenAPI file the package was generated from")
    con.add_argument("--package-dir", required=True, type=Path, help="a generated package (the --out of generate)")
    con.add_argument("--report", type=Path, help="write the JSON report here")
    con.add_argument("--sample-async", type=int, default=50, help="operations also called through the async client (default 50)")
    con.add_argument("--docs", action="store_true", help="run the examples of DIR/docs (curl and Python) instead of the client's methods")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("interrupted: the previous output is unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    from rich.console import Console

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if args.command == "generate":
        return _generate(args, err)
    if args.command in ("check", "diff"):
        from .check import check_command, diff_command

        return (check_command if args.command == "check" else diff_command)(args, err)
    if args.command == "contract" and args.docs:
        from .docs_check import main as docs_contract_main

        return docs_contract_main(args, err)
    if args.command == "contract":
        from .contract import main as contract_main

        return contract_main(args, err)
    return EXIT_INPUT


def _generate(args: argparse.Namespace, err: Console) -> int:
    import json

    from .config import ConfigError, load_config
    from .emit import EmitError
    from .ir import Diagnostic
    from .load import SpecError, spec_name
    from .pipeline import GenerationFailed, generate

    try:
        config = load_config(args.config, package=args.package)
    except ConfigError as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_INPUT
    status = None if args.quiet else err.status("loading", spinner="dots")

    def progress(stage: str) -> None:
        if status is not None:
            status.update(f"{stage} [dim]{args.spec}[/dim]")

    before = _identity(args.out)
    try:
        if status is not None:
            status.start()
        try:
            report = generate(args.spec, args.out, config, use_cache=not args.no_cache, force=args.force, progress=progress, formatter=args.formatter)
        finally:
            if status is not None:
                status.stop()
    except KeyboardInterrupt:
        if _identity(args.out) == before:
            raise  # main() reports that the previous output is unchanged
        err.print("interrupted: the new output was already in place; the next run tidies up", markup=False)
        return EXIT_INTERRUPTED
    except SpecError as exc:
        err.print(exc.diagnostic.format(), markup=False)
        return EXIT_INPUT
    except GenerationFailed as exc:
        for d in exc.diagnostics:
            if d.level == "error":
                err.print(d.format(), markup=False)
        return EXIT_INPUT
    except EmitError as exc:
        err.print(f"error: {exc}", markup=False)
        return EXIT_INPUT
    if args.report:
        try:
            args.report.parent.mkdir(parents=True, exist_ok=True)
            args.report.write_text(json.dumps(report.as_json(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            err.print(f"error: {args.out} was written, but not the report {args.report}: {exc.strerror or exc}", markup=False)
            return EXIT_INPUT
    if not args.quiet:
        for w in report.warnings[:20]:
            err.print(Diagnostic("warning", w["pointer"], w["message"], spec_name(args.spec)).format(), markup=False)
        if len(report.warnings) > 20:
            err.print(f"... and {len(report.warnings) - 20} more warnings (see --report)", markup=False)
        total = sum(report.seconds.values())
        err.print(
            f"{report.operations_generated}/{report.operations} operations, {report.models} types, "
            f"{report.resources} resources -> {args.out}: {report.files_written} written, "
            f"{report.files_unchanged} unchanged, {report.files_deleted} deleted ({total:.1f}s)",
            markup=False,
        )
    return EXIT_OK


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a directory: emit replaces the output directory as a whole."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
