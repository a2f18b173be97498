"""The `sfconf` command: the store choice, subcommands, exit codes and one-line messages of cli.md."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NoReturn

from conference import __version__
from conference.errors import RefusedInput, SfconfError, UsageError

if TYPE_CHECKING:
    # argparse, tempfile and the crash log are imported where they are used: the plain
    # `sfconf` that opens the window needs none of them before its first paint.
    import argparse

PROG = "sfconf"


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        """argparse that reports misuse in one line with exit code 2."""

        def error(self, message: str) -> NoReturn:
            sys.stderr.write(one_line(f"{PROG}: {message} (see '{PROG} --help')") + "\n")
            raise SystemExit(2)

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
    s.add_argument("--for", dest="for_participant", metavar="PARTICIPANT")
    s = sub.add_parser("check", help="plain-language findings for a conference")
    s.add_argument("id")
    s.add_argument("--json", action="store_true")
    s.add_argument(
        "--for",
        dest="for_participant",
        metavar="PARTICIPANT",
        help="report only the kept-back text this family member will read",
    )
    s = sub.add_parser("key", help="the store key: show it for safe keeping, or put a recovery key")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--show-recovery", action="store_true", help="print the key (keep it safe)")
    g.add_argument("--use-recovery", metavar="KEY", help="put a recovery key on this computer")
    s = sub.add_parser("backup", help="a consistent, encrypted copy of the whole store")
    s.add_argument("file")
    s = sub.add_parser("restore", help="put a backup back")
    s.add_argument("file")
    s.add_argument("--replace", action="store_true", help="replace a store that has conferences")
    _add_record_commands(sub)
    return p


def _add_record_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The record after the meeting: letter, approve, verify, correct, changes, audit, due, mark."""
    s = sub.add_parser("letter", help="write the chair's outcome letter to the family (PDF)")
    s.add_argument("id")
    s.add_argument("-o", "--output", metavar="FILE.pdf", required=True)
    s.add_argument("--for", dest="for_participant", metavar="PARTICIPANT")
    s = sub.add_parser("approve", help="the chair approves the record: finalised and sealed")
    s.add_argument("id")
    s.add_argument("--by", metavar="NAME", required=True)
    s = sub.add_parser("verify", help="recompute every seal and the audit trail's chain")
    s.add_argument("id", nargs="?")
    s = sub.add_parser("correct", help="add a numbered correction to a finalised record")
    s.add_argument("id")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--requested-by", metavar="PARTICIPANT")
    who.add_argument("--requested-by-name", metavar="NAME")
    s.add_argument("--received", metavar="DATE", required=True)
    s.add_argument("--text", metavar="TEXT", required=True)
    s = sub.add_parser("changes", help="what was changed after the meeting ended")
    s.add_argument("id")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("audit", help="a conference's audit trail, oldest first")
    s.add_argument("id")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("due", help="what is due or overdue across the store")
    s.add_argument("--on", metavar="DATE")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("mark", help="record that something was done (letter_sent, ...)")
    s.add_argument("id")
    s.add_argument("what", metavar="WHAT")
    s.add_argument("--on", metavar="DATE")
    s = sub.add_parser(
        "copy-store",
        help="copy every conference of the file store (--db) into the shared store",
    )
    s.add_argument("--to", required=True, metavar="URL", help="the shared store: postgresql://...")
    s = sub.add_parser("review", help="start the review of an ended or finalised conference")
    s.add_argument("id")
    s.add_argument("--again", action="store_true", help="a second review of the same conference")


# ---------------------------------------------------------------- output safety

MAX_MESSAGE = 300


def escape_controls(text: str) -> str:
    """Control and other invisible format characters shown escaped (\\x1b, \\u202e), never sent raw."""
    import unicodedata

    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif unicodedata.category(ch) in ("Zs",):
            out.append(" ")
        else:
            code = ord(ch)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
    return "".join(out)


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """A message as one line of at most `limit` characters, control characters escaped."""
    shown = escape_controls(text)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown


def _safe_streams() -> None:
    """A console that cannot encode a character shows a replacement, never fails part-way."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def _write_utf8(text: str) -> None:
    """JSON on stdout as UTF-8 bytes whatever the console's encoding."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _refuse_output_onto_store(args: argparse.Namespace, output: str) -> None:
    """`-o` (or a backup) naming the store or its -wal/-shm would destroy it: refused."""
    from conference.store.backup import is_store_file
    from conference.store.database import resolve_db_path

    if is_store_file(Path(output).expanduser(), resolve_db_path(args.db)):
        raise UsageError(f"{output} is the store itself; choose another output file")


def _write_atomically(path: Path, data: bytes) -> None:
    """Write the whole file or nothing, so a failed export never leaves half a file."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".sfconf-", dir=folder)
    except OSError as exc:
        raise RefusedInput(f"cannot write {path} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600), and it stays so: it holds case data.
        os.chmod(tmp, 0o600)
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
    from conference.store.database import check_store_location, open_store

    store = open_store(check_store_location(args.db), write=write)
    _OPENED.append(store)  # closed when the command ends, so no -wal is left behind
    return store


_OPENED: list[object] = []


def _close_opened() -> None:
    while _OPENED:
        store = _OPENED.pop()
        close = getattr(store, "close", None)
        if close is not None:
            with contextlib.suppress(Exception):
                close()


def _cmd_list(args: argparse.Namespace) -> int:
    from conference.operations import list_conferences

    store = _open(args, write=False)
    for c in list_conferences(store):
        # One line per conference, tab-separated: no field may carry a tab or a newline.
        fields = (c["id"], c["starts_at"], c["kind"], c["family_name"], c["status"])
        print("\t".join(escape_controls(" ".join(str(f).split())) for f in fields))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from conference.exchange.interchange import import_document, parse_document
    from conference.operations import default_actor

    if args.replace and args.as_copy:
        raise UsageError("--replace and --as-copy cannot be used together")
    text = _read_text(args.file)
    from conference.record.changes import replace_tracked

    # A record whose seal does not match is refused by import_document itself (it seals the
    # store's own export of what it imported), here and in the window alike.
    try:
        doc = parse_document(text, args.file)
    except RefusedInput as exc:
        raise RefusedInput(f"refused {args.file}: {exc.message}") from None
    store = _open(args, write=True)
    try:
        if args.replace:
            cid = replace_tracked(store, doc, actor=default_actor())
        else:
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

    if args.output:
        _refuse_output_onto_store(args, args.output)
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
        _write_utf8(text)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from conference.demo import add_demo
    from conference.operations import default_actor

    store = _open(args, write=True)
    print(add_demo(store, actor=default_actor()))
    return 0


def _cmd_family_copy(args: argparse.Namespace) -> int:
    from conference.reports.family_copy import write_family_copy

    _refuse_output_onto_store(args, args.output)
    store = _open(args, write=False)
    data = write_family_copy(
        store, args.id, for_participant=args.for_participant, large_print=args.large_print
    )
    _write_atomically(Path(args.output), data)
    return 0


def _cmd_minutes(args: argparse.Namespace) -> int:
    from conference.reports.minutes import write_minutes

    _refuse_output_onto_store(args, args.output)
    store = _open(args, write=False)
    if args.for_participant is not None:
        from conference.record.distribution import minutes_for

        _write_atomically(Path(args.output), minutes_for(store, args.id, args.for_participant))
        return 0
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
        _write_utf8(
            json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        for f in findings:
            print(escape_controls(str(f)))
    return 1 if findings else 0


def _cmd_letter(args: argparse.Namespace) -> int:
    from conference.reports.letter import write_letter

    store = _open(args, write=False)
    _write_atomically(Path(args.output), write_letter(store, args.id, args.for_participant))
    return 0


def _cmd_approve(args: argparse.Namespace) -> int:
    from conference.operations import default_actor
    from conference.record.approval import approve

    store = _open(args, write=True)
    print(approve(store, args.id, args.by, actor=f"{args.by} ({default_actor()})"))
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from conference.record.verify import verify

    store = _open(args, write=False)
    verdicts = verify(store, args.id)
    for v in verdicts:
        print(v.line())
    return 5 if any(v.changed for v in verdicts) else 0


def _cmd_correct(args: argparse.Namespace) -> int:
    from conference.operations import default_actor
    from conference.record.corrections import add_correction

    store = _open(args, write=True)
    number = add_correction(
        store,
        args.id,
        actor=default_actor(),
        received_on=args.received,
        text=args.text,
        participant=args.requested_by,
        name=args.requested_by_name,
    )
    print(number)
    return 0


def _cmd_changes(args: argparse.Namespace) -> int:
    import json

    from conference.record.changes import changes

    store = _open(args, write=False)
    found = changes(store, args.id)
    if args.json:
        print(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=2))
    else:
        for c in found:
            print(c.line())
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    import json

    from conference.record.audit_chain import audit_entries

    store = _open(args, write=False)
    entries = audit_entries(store, args.id)
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=2))
    else:
        for e in entries:
            fields = (e["at"], e["by"], e["action"], e["kind"], e["id"], e["field"])
            print("\t".join(" ".join(str(f).split()) for f in fields))
    return 0


def _cmd_due(args: argparse.Namespace) -> int:
    import json

    from conference.record.due import due_items, parse_on

    on = parse_on(args.on)
    store = _open(args, write=False)
    lines = due_items(store, on)
    if args.json:
        print(json.dumps([d.to_json() for d in lines], ensure_ascii=False, indent=2))
    else:
        for d in lines:
            print(d.line())
    return 0


def _cmd_mark(args: argparse.Namespace) -> int:
    from conference.operations import default_actor
    from conference.record.due import mark, parse_on

    on = parse_on(args.on)
    store = _open(args, write=True)
    mark(store, args.id, args.what, actor=default_actor(), on=on)
    return 0


def _cmd_review(args: argparse.Namespace) -> int:
    from conference.operations import default_actor
    from conference.operations.review import start_review

    store = _open(args, write=True)
    print(start_review(store, default_actor(), args.id, again=args.again))
    return 0


WindowOpener = Callable[[Path | str, str | None], int]


def _plain_window(argv: Sequence[str]) -> Any:
    """`sfconf` or `sfconf --db PATH` alone: the window, without building every command's parser.

    Building the parser of all the subcommands is some 10 ms before the first window paints;
    anything else on the command line goes through the full parser as before.
    """
    args = list(argv)
    if not args:
        return SimpleNamespace(command=None, db=None)
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return SimpleNamespace(command=None, db=args[1])
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return SimpleNamespace(command=None, db=args[0][len("--db=") :])
    return None


def _cmd_copy_store(args: argparse.Namespace) -> int:
    from conference.store.copy import copy_store
    from conference.store.database import open_store
    from conference.store.postgres import is_postgres_url

    if not is_postgres_url(args.to):
        raise UsageError("copy-store --to must name the shared store: a postgresql:// URL")
    source = _open(args, write=False)
    if source.shared:
        raise UsageError("copy-store copies a file store: give the file with --db (or SFCONF_DB)")
    target = open_store(args.to)
    _OPENED.append(target)
    for cid in copy_store(source, target):
        print(cid)
    return 0


def _cmd_window(
    args: argparse.Namespace, conference_id: str | None, opener: WindowOpener | None
) -> int:
    from conference.store.location import check_store_location

    db_path = check_store_location(args.db)
    if conference_id is not None:
        store = _open(args, write=False)
        from conference.exchange.interchange import export_document

        export_document(store, conference_id)  # refuse an unknown id before a window opens
        store.close()
    if opener is None:
        raise UsageError(
            "the app window is not available in this build; use a subcommand (see 'sfconf --help')"
        )
    return int(opener(db_path, conference_id))


def _cmd_key(args: argparse.Namespace) -> int:
    from conference.store import keys

    if args.show_recovery:
        print(keys.store_key())
    else:
        where = keys.use_recovery(args.use_recovery)
        sys.stderr.write(f"{PROG}: the recovery key is now this user's store key (in {where})\n")
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from conference.store.backup import backup_to, refuse_url
    from conference.store.database import resolve_db_path

    refuse_url(str(args.db or resolve_db_path(None)))
    _refuse_output_onto_store(args, args.file)
    store = _open(args, write=False)
    try:
        backup_to(store, Path(args.file))
    finally:
        store.close()
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from conference.operations import default_actor
    from conference.store.backup import refuse_url, restore_from
    from conference.store.database import resolve_db_path

    refuse_url(str(args.db or resolve_db_path(None)))
    _refuse_output_onto_store(args, args.file)
    store = _open(args, write=True)
    try:
        restore_from(store, Path(args.file), replace=args.replace, actor=default_actor())
    finally:
        store.close()
    return 0


COMMANDS = {
    "list": _cmd_list,
    "import": _cmd_import,
    "export": _cmd_export,
    "demo": _cmd_demo,
    "family-copy": _cmd_family_copy,
    "minutes": _cmd_minutes,
    "check": _cmd_check,
    "letter": _cmd_letter,
    "approve": _cmd_approve,
    "verify": _cmd_verify,
    "correct": _cmd_correct,
    "changes": _cmd_changes,
    "audit": _cmd_audit,
    "due": _cmd_due,
    "mark": _cmd_mark,
    "review": _cmd_review,
    "copy-store": _cmd_copy_store,
    "key": _cmd_key,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
}


def main(argv: Sequence[str] | None = None, window: WindowOpener | None = None) -> int:
    """Run the command; returns the contract's exit code. `window` opens the app (ui/main.py)."""
    _safe_streams()
    args = _plain_window(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            code = _cmd_window(args, None, window)
        elif args.command == "open":
            code = _cmd_window(args, args.id, window)
        else:
            code = COMMANDS[args.command](args)
    except SfconfError as exc:
        sys.stderr.write(one_line(f"{PROG}: {exc.message}") + "\n")
        code = exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # the contract: no traceback ever reaches a user
        from conference.crashlog import write_crash_log

        where = write_crash_log(exc)
        told = f"; details are in {where}" if where else ""
        sys.stderr.write(one_line(f"{PROG}: unexpected error ({type(exc).__name__}){told}") + "\n")
        code = 70
    _close_opened()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
