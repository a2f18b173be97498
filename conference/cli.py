"""The `sfconf` command: the store choice, subcommands, exit codes and one-line messages of cli.md."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from conference import __version__
from conference.crashlog import write_crash_log
from conference.errors import RefusedInput, SfconfError, UsageError

PROG = "sfconf"


class _Parser(argparse.ArgumentParser):
    """argparse that reports misuse in one line with exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{PROG}: {message} (see '{PROG} --help')\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Run a Strengthening Families child protection conference.")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    p.add_argument(
        "--db", metavar="PATH", help="the store (default: $SFCONF_DB, else the per-user sfconf.db)"
    )
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    sub.add_parser("list", help="list conferences, newest first")
    s = sub.add_parser("open", help="open the app window on one conference")
    s.add_argument("id")
    s = sub.add_parser("import", help="import an interchange document")
    s.add_argument("file")
    s.add_argument("--replace", action="store_true", help="replace the conference with the same id")
    s.add_argument("--as-copy", action="store_true", help="import a copy with new ids")
    s = sub.add_parser("export", help="export a conference as an interchange document")
    s.add_argument("id")
    s.add_argument("-o", "--output", metavar="FILE")
    s.add_argument(
        "--version",
        dest="format_version",
        type=int,
        choices=(1, 2),
        default=2,
        help="interchange version to write (1 for systems that only read version 1)",
    )
    sub.add_parser("demo", help="add the built-in invented demo conference")
    s = sub.add_parser("family-copy", help="write the family copy (PDF)")
    s.add_argument("id")
    s.add_argument("-o", "--output", metavar="FILE.pdf", required=True)
    s.add_argument("--for", dest="for_participant", metavar="PARTICIPANT")
    s.add_argument("--large-print", action="store_true")
    s = sub.add_parser("minutes", help="write the professional minutes (PDF)")
    s.add_argument("id")
    s.add_argument("-o", "--output", metavar="FILE.pdf", required=True)
    s = sub.add_parser("check", help="plain-language findings for a conference")
    s.add_argument("id")
    s.add_argument("--json", action="store_true")
    s.add_argument(
        "--for",
        dest="for_participant",
        metavar="PARTICIPANT",
        help="report only the kept-back text this family member will read",
    )
    return p


def _write_atomically(path: Path, data: bytes) -> None:
    """Write the whole file or nothing, so a failed export never leaves half a file."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".sfconf-", dir=folder)
    except OSError as exc:
        raise RefusedInput(f"cannot write {path} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the permissions of any new file.
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise RefusedInput(f"cannot write {path} ({exc.strerror})") from None


def _read_text(file: str) -> str:
    try:
        # utf-8-sig: Windows tools often start a UTF-8 file with a byte-order mark.
        return Path(file).expanduser().read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RefusedInput(f"cannot read {file}: no such file") from None
    except UnicodeDecodeError:
        raise RefusedInput(f"cannot read {file}: not UTF-8 text") from None
    except OSError as exc:
        raise RefusedInput(f"cannot read {file}: {exc.strerror}") from None


def _open(args: argparse.Namespace, *, write: bool):  # type: ignore[no-untyped-def]
    from conference.store.database import open_store, resolve_db_path

    return open_store(resolve_db_path(args.db), write=write)


def _cmd_list(args: argparse.Namespace) -> int:
    from conference.operations import list_conferences

    store = _open(args, write=False)
    for c in list_conferences(store):
        # One line per conference, tab-separated: no field may carry a tab or a newline.
        fields = (c["id"], c["starts_at"], c["kind"], c["family_name"], c["status"])
        print("\t".join(" ".join(str(f).split()) for f in fields))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from conference.exchange.interchange import import_document, parse_document
    from conference.operations import default_actor

    if args.replace and args.as_copy:
        raise UsageError("--replace and --as-copy cannot be used together")
    text = _read_text(args.file)
    try:
        doc = parse_document(text, args.file)
    except RefusedInput as exc:
        raise RefusedInput(f"refused {args.file}: {exc.message}") from None
    store = _open(args, write=True)
    try:
        cid = import_document(
            store, doc, actor=default_actor(), replace=args.replace, as_copy=args.as_copy
        )
    except RefusedInput as exc:
        raise RefusedInput(f"refused {args.file}: {exc.message}") from None
    print(cid)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from conference.exchange.interchange import (
        check_schema,
        downgrade_document,
        dumps,
        export_document,
    )

    store = _open(args, write=False)
    doc = export_document(store, args.id)
    if args.format_version == 1:
        try:
            doc = downgrade_document(doc)
        except RefusedInput as exc:
            raise RefusedInput(f"export --version 1: {exc.message}") from None
    check_schema(doc, args.format_version)  # what is written is valid, or nothing is
    text = dumps(doc)
    if args.output:
        _write_atomically(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from conference.demo import add_demo
    from conference.operations import default_actor

    store = _open(args, write=True)
    print(add_demo(store, actor=default_actor()))
    return 0


def _cmd_family_copy(args: argparse.Namespace) -> int:
    from conference.reports.family_copy import write_family_copy

    store = _open(args, write=False)
    data = write_family_copy(
        store, args.id, for_participant=args.for_participant, large_print=args.large_print
    )
    _write_atomically(Path(args.output), data)
    return 0


def _cmd_minutes(args: argparse.Namespace) -> int:
    from conference.reports.minutes import write_minutes

    store = _open(args, write=False)
    _write_atomically(Path(args.output), write_minutes(store, args.id))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    import json

    from conference.exchange.interchange import export_document
    from conference.family_filter import resolve_family_member
    from conference.language.leaks import find_leaks
    from conference.language.plain_language import check_document

    store = _open(args, write=False)
    doc = export_document(store, args.id)
    reader = args.for_participant
    if reader is not None:
        reader = resolve_family_member(doc, reader)
    # Leaks are reported whatever the chair answered: "it is fine" only quiets the window.
    findings: list[Any] = [*check_document(doc), *find_leaks(doc, reader)]
    if args.json:
        print(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            print(str(f))
    return 1 if findings else 0


WindowOpener = Callable[[Path, str | None], int]


def _cmd_window(
    args: argparse.Namespace, conference_id: str | None, opener: WindowOpener | None
) -> int:
    from conference.store.database import resolve_db_path

    if conference_id is not None:
        store = _open(args, write=False)
        from conference.exchange.interchange import export_document

        export_document(store, conference_id)  # refuse an unknown id before a window opens
        store.close()
    if opener is None:
        raise UsageError(
            "the app window is not available in this build; use a subcommand (see 'sfconf --help')"
        )
    return int(opener(resolve_db_path(args.db), conference_id))


COMMANDS = {
    "list": _cmd_list,
    "import": _cmd_import,
    "export": _cmd_export,
    "demo": _cmd_demo,
    "family-copy": _cmd_family_copy,
    "minutes": _cmd_minutes,
    "check": _cmd_check,
}


def main(argv: Sequence[str] | None = None, window: WindowOpener | None = None) -> int:
    """Run the command; returns the contract's exit code. `window` opens the app (ui/main.py)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            code = _cmd_window(args, None, window)
        elif args.command == "open":
            code = _cmd_window(args, args.id, window)
        else:
            code = COMMANDS[args.command](args)
    except SfconfError as exc:
        sys.stderr.write(f"{PROG}: {exc.message}\n")
        code = exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # the contract: no traceback ever reaches a user
        where = write_crash_log(exc)
        told = f"; details are in {where}" if where else ""
        sys.stderr.write(f"{PROG}: unexpected error ({type(exc).__name__}){told}\n")
        code = 70
    sys.stdout.flush()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
