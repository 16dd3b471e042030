"""Commands on a case: init, import, party, calls, events, evidence, log, status (debts: see
way_out_commands)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from evidence_logger import custody, listing, placing
from evidence_logger.attribution import record_statement
from evidence_logger.case import Case
from evidence_logger.cli.attribution_commands import ACTIONS, cmd_attribution
from evidence_logger.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    UserError,
    open_case,
    print_json,
    show_progress,
    status_line,
)
from evidence_logger.cli.ocr_commands import cmd_evidence_show, read_and_say
from evidence_logger.cli.speech_commands import transcribe_new
from evidence_logger.cli.timestamp_commands import say_outcome
from evidence_logger.db import transaction
from evidence_logger.i18n import tr
from evidence_logger.importing import OwnerError, import_paths, owner_key, parse_time
from evidence_logger.parties import list_parties, set_party
from evidence_logger.phones import display
from evidence_logger.tasks import drive
from evidence_logger.timeline import EventSink


def cmd_init(args: argparse.Namespace) -> int:
    with Case.create(args.dir, name=args.name, timezone=args.timezone,
                     profile=args.profile) as case:
        print(tr("Made case {name} in {folder} (time zone {zone}, rules {profile}).",
                 name=case.name, folder=case.folder, zone=case.timezone, profile=case.profile))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    with open_case(args, changes=True) as case:
        try:
            owner_key(args.owner, case.region)
        except OwnerError:
            print(tr("--owner must be self or a phone number, not {value}.", value=args.owner),
                  file=sys.stderr)
            return EXIT_USAGE
        missing = [p for p in args.paths if not p.exists() and not p.is_symlink()]
        if missing:
            for path in missing:
                print(tr("{path} does not exist.", path=path), file=sys.stderr)
            return EXIT_USAGE
        if args.year is not None and not 1990 <= args.year <= 2100:
            print(tr("--year must be a year such as 2026, not {value}.", value=args.year),
                  file=sys.stderr)
            return EXIT_USAGE
        if args.dry_run:
            return print_preview(case, args.paths)
        paths, photos = _without_camera_photos(args.paths, keep=args.photos)
        report = drive(import_paths(case, paths, owner=args.owner, year=args.year),
                       show_progress())
        status_line("")
        added = sum(item.events_added for item in report.imported)
        joined = sum(item.events_joined for item in report.imported)
        print(tr("Imported {files} file(s): {added} new call(s) and message(s), {joined} matched "
                 "to ones already known; {already} file(s) were already in the case.",
                 files=len(report.imported), added=added, joined=joined,
                 already=len(report.already)))
        for item in report.imported:
            for line in item.note_lines():
                print("  " + line)
        for problem in report.problems:
            print(("  " + tr("skipped: ") if problem.skipped else "  " + tr("partly read: "))
                  + problem.message(), file=sys.stderr)
        print_unplaced([(Path(i.path).name, i.unplaced or "") for i in report.unplaced])
        if photos:
            print(tr("Left out {count} camera photo(s) found in the folders (photos taken with the"
                     " camera are rarely evidence). Import one by naming it, or all of them with"
                     " --photos.", count=len(photos)))
        say_outcome(report.timestamp)
        screenshots = [item.sha256 for item in report.imported if item.kind == "image"]
        unread = None
        if screenshots and not args.no_ocr:
            unread = read_and_say(case, shas=screenshots)
        heard = transcribe_new(case, report, skip=args.no_transcribe)
        needs = report.needs_attention or bool(unread and unread.problems) \
            or bool(heard and heard.problems)
        return EXIT_SKIPPED if needs else EXIT_OK


def _without_camera_photos(paths: list[Path], *, keep: bool) -> tuple[list[Path], list[Path]]:
    """``(what to import, camera photos left out)``: the folders' files less their camera
    photos, unless ``keep``."""
    from evidence_logger.import_preview import camera_photos_in_folders
    from evidence_logger.importing import collect_files

    photos = [] if keep else camera_photos_in_folders(paths)
    if not photos:
        return paths, []
    left_out = set(photos)
    return [p for p in collect_files(paths) if p not in left_out], photos


def print_preview(case: Case, paths: list[Path]) -> int:
    """``import --dry-run``: what the files are, by kind, without importing any."""
    from evidence_logger.import_preview import GROUP_WORDS, preview_paths

    preview = drive(preview_paths(case, paths), show_progress())
    status_line("")
    print(tr("Found {count} file(s); {duplicates} already in the case. Nothing was imported.",
             count=len(preview.files), duplicates=preview.duplicates))
    for group, count in preview.counts().items():
        if not count:
            continue
        print(f"{tr(GROUP_WORDS[group])}: {count}")
        for item in preview.files:
            if item.group != group:
                continue
            marks = [tr("already in the case")] if item.duplicate else []
            if not item.duplicate and not item.chosen and not item.reason:
                marks.append(tr("left out unless chosen"))
            print(f"  {item.path}" + (f"  ({', '.join(marks)})" if marks else ""))
            if item.reason:
                print("    " + item.reason)
    return EXIT_OK


def print_unplaced(items: list[tuple[str, str]]) -> None:
    """Name the recordings that could not be placed, and say how to place them."""
    if not items:
        return
    print(tr("{count} recording(s) could not be placed: no number or time in their names.",
             count=len(items)), file=sys.stderr)
    for name, reason in items:
        print("  " + tr("unplaced: {name} ({reason})", name=name,
                        reason=placing.reason_words(reason)), file=sys.stderr)
    print(tr("Place each with: evidence-logger calls place RECORDING --number NUMBER --at TIME"),
          file=sys.stderr)


def cmd_party(args: argparse.Namespace) -> int:
    if args.party_command in ACTIONS:
        return cmd_attribution(args)
    with open_case(args, changes=args.party_command == "set") as case:
        if args.party_command == "set":
            if args.platform and args.role != "collector":
                raise UserError("--platform goes with --role collector.")
            if args.relation and args.role != "third-party":
                raise UserError("--relation goes with --role third-party.")
            if args.statement and not args.platform:
                raise UserError("--statement goes with --role collector --platform NAME.")
            party = set_party(case.db, args.number, case.region, role=args.role,
                              platform=args.platform, relation=args.relation, name=args.name)
            if args.statement:
                record_statement(case.db, party["number"], args.platform, args.statement)
            print(tr("{number} is now {role}.", number=display(party["number"]),
                     role=tr(party["role"])))
            return EXIT_OK
        parties = list_parties(case.db)
        if args.json:
            print_json([{k: v for k, v in p.items() if k not in ("first_ms", "last_ms")}
                        | {"first": listing.iso(p["first_ms"], case.tz),
                           "last": listing.iso(p["last_ms"], case.tz)} for p in parties])
        else:
            for p in parties:
                extra = p["platform"] or p["relation"] or ""
                counts = tr("{calls} calls, {messages} messages", calls=p["calls"],
                            messages=p["messages"])
                print(f"{display(p['number']):<22} {tr(p['role']):<12} {extra:<16} {counts}")
        return EXIT_OK


def cmd_calls(args: argparse.Namespace) -> int:
    if args.calls_command == "unplaced":
        return cmd_calls_unplaced(args)
    if args.calls_command == "place":
        return cmd_calls_place(args)
    with open_case(args, changes=True) as case:
        at = _typed_time(args.at, case)
        try:
            owner = owner_key(args.owner, case.region)
        except OwnerError:
            raise UserError("--owner must be self or a phone number, not {value}.",
                            value=args.owner) from None
        at_ms = int(at.timestamp() * 1000)
        with transaction(case.db):
            sink = EventSink(case.db, owner=owner, region=case.region, evidence_id=None)
            sink.add_manual_call(number=args.number, at_ms=at_ms, direction=args.direction,
                                 duration=args.duration, note=args.note)
            sink.flush()
            if sink.added:
                custody.append(case.db, "call-added", {
                    "number": args.number, "at": listing.iso(at_ms, case.tz),
                    "direction": args.direction, "duration": args.duration, "owner": owner,
                    "note": args.note})
        print(tr("Added the call.") if sink.added else tr("That call was already entered."))
        return EXIT_OK


def _typed_time(text: str, case: Case) -> datetime:
    try:
        return parse_time(text, case.tz)
    except ValueError:
        raise UserError("{value} is not a time like 2026-03-02T11:20.", value=text) from None


def cmd_calls_unplaced(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        items = placing.unplaced(case)
        if args.json:
            print_json(items)
            return EXIT_OK
        if not items:
            print(tr("Every recording is placed on a call."))
            return EXIT_OK
        print(tr("{count} recording(s) could not be placed: no number or time in their names.",
                 count=len(items)))
        for item in items:
            length = "" if item["duration"] is None else f"{item['duration']:.0f}s"
            print(f"{item['sha256'][:12]} {length:>6} {item['at'] or '-':<25} {item['name']}"
                  f"  ({item['reason_text']})")
            for s in item["suggestions"]:
                print("    " + tr("maybe: {number} at {at}, {duration:.0f}s (phone's log)",
                               number=display(s["number"]), at=s["at"],
                               duration=s["duration"]))
        return EXIT_OK


def cmd_calls_place(args: argparse.Namespace) -> int:
    with open_case(args, changes=True) as case:
        at = _typed_time(args.at, case)
        done = placing.place(case, args.recording, number=args.number,
                             at_ms=int(at.timestamp() * 1000))
        print(tr("Placed the recording on a call already known (event {id}).", id=done.event_id)
              if done.joined else
              tr("Placed the recording as a call of its own (event {id}).", id=done.event_id))
        return EXIT_OK


def cmd_events(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        items = listing.events(case)
        if args.json:
            print_json(list(items))
        else:
            for e in items:
                what = (e.get("text") or "").replace("\n", " ")[:60] if e["kind"] == "message" \
                    else f"{e['status']} {e['duration'] or 0:.0f}s" + (
                        f" ({e['recording_note']})" if e.get("recording_note") else "")
                print(f"{e['id']:>7} {e['at']} {e['kind']:<7} {e['direction']:<7} "
                      f"{display(e['number']):<20} {what}")
        return EXIT_OK


def cmd_evidence(args: argparse.Namespace) -> int:
    if args.evidence_command == "show":
        return cmd_evidence_show(args)
    with open_case(args, read_only=True) as case:
        items = list(listing.evidence(case))
        if args.json:
            print_json(items)
        else:
            for item in items:
                print(f"{item['sha256'][:16]} {item['kind']:<10} {item['size']:>10} "
                      f"{item['at'] or '-':<25} {item['name']}")
        return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        count, problems = custody.verify(case.db)
        if problems:
            for problem in problems:
                print(tr("Custody log entry {seq} was altered ({problem}).", seq=problem.seq,
                         problem=problem.problem), file=sys.stderr)
            return EXIT_ERROR
        print(tr("The custody log is intact: {count} entries, head {head}.", count=count,
                 head=custody.head(case.db)))
        return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        info = listing.status(case)
        if args.json:
            print_json(info)
            return EXIT_OK
        print(tr("Case {name} ({folder})", name=info["name"], folder=info["case"]))
        if info["sample"]:
            print(tr("This is the sample case, made of invented data: it takes no imports and "
                     "no changes."))
        print(tr("{calls} calls, {messages} messages, {files} originals, {parties} numbers, "
                 "{debts} debts.", calls=info["calls"], messages=info["messages"],
                 files=info["evidence"], parties=info["parties"], debts=info["debts"]))
        if info["first_event"]:
            print(tr("From {first} to {last}.", first=info["first_event"],
                     last=info["last_event"]))
        if info["unplaced_recordings"]:
            print(tr("{count} recording(s) are not placed on a call yet: see evidence-logger "
                     "calls unplaced.", count=info["unplaced_recordings"]))
        if info["screenshots_unread"]:
            print(tr("{count} screenshot(s) are not read yet: evidence-logger ocr reads them.",
                     count=info["screenshots_unread"]))
        if info["recordings_untranscribed"]:
            print(tr("{count} recording(s) have no transcript yet: evidence-logger transcribe "
                     "makes them (once a speech model is added: evidence-logger speech-model "
                     "add).", count=info["recordings_untranscribed"]))
        print(tr("Custody log: {count} entries, {state}.", count=info["custody_entries"],
                 state=tr("intact") if info["custody_ok"] else tr("ALTERED")))
        for sha in info["missing_originals"]:
            print(tr("Missing original: {sha}", sha=sha), file=sys.stderr)
        return EXIT_OK if info["custody_ok"] and not info["missing_originals"] else EXIT_ERROR
