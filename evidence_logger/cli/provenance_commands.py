"""Commands on where the evidence came from: ``device add/list/remove`` (the phones) and
``provenance add/set/show/remove`` (the exports made off them, who declares, where the
phones are kept); see :mod:`evidence_logger.provenance`."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from evidence_logger import provenance
from evidence_logger.cli.common import EXIT_OK, open_case, print_json
from evidence_logger.i18n import tr


def add_parsers(commands: Any) -> None:
    """The ``device`` and ``provenance`` subcommands."""
    device = commands.add_parser("device", help=tr("the phones the evidence came from"))
    actions = device.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    p = actions.add_parser("add", help=tr("describe a phone"))
    p.add_argument("label", metavar="NAME", help=tr("a short name for it, e.g. \"my phone\""))
    p.add_argument("--owner", default="self",
                   help=tr("whose phone it is, as import --owner says: self (default) or a "
                           "phone number"))
    p.add_argument("--owner-name", help=tr("the owner's name as it should be printed"))
    p.add_argument("--make", help=tr("the maker, e.g. Xiaomi"))
    p.add_argument("--model", help=tr("the model, e.g. Redmi Note 12"))
    p.add_argument("--number", help=tr("the phone's own number"))
    p.add_argument("--note", help=tr("anything else about it"))
    p = actions.add_parser("list", help=tr("list the phones"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p = actions.add_parser("remove", help=tr("remove a phone entered by mistake (and its "
                                             "exports)"))
    p.add_argument("device", metavar="NAME", help=tr("its name or id"))

    prov = commands.add_parser("provenance", help=tr("how the files were taken off the phones, "
                                                     "for the dossier's provenance page"))
    actions = prov.add_subparsers(dest="provenance_command", metavar="ACTION", required=True)
    p = actions.add_parser("add", help=tr("describe one export made off a phone"))
    p.add_argument("--device", required=True, metavar="NAME", help=tr("the phone's name or id"))
    p.add_argument("--method", required=True,
                   help=tr("how: the app or tool and what it wrote, and how it was copied"))
    p.add_argument("--at", metavar="TIME", help=tr("when, e.g. 2026-03-20 or 2026-03-20T21:30"))
    p.add_argument("--by", help=tr("who made it"))
    p.add_argument("--files", metavar="PATTERN",
                   help=tr("which originals it covers, as a pattern over their names or import "
                           "paths (e.g. '*/call_rec/*'); none: all of that phone's"))
    p.add_argument("--note", help=tr("anything else about it"))
    p = actions.add_parser("set", help=tr("who signs the declaration and where the phones are "
                                          "kept"))
    p.add_argument("--declarant", metavar="NAME", help=tr("the borrower's full name"))
    p.add_argument("--phones-kept", metavar="TEXT",
                   help=tr("who keeps the phones, where, and in what state"))
    p = actions.add_parser("show", help=tr("the phones, the exports and which originals each "
                                           "covers"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p = actions.add_parser("remove", help=tr("remove an export entered by mistake"))
    p.add_argument("id", type=int, metavar="ID")


def _label(device: dict[str, Any]) -> str:
    what = " ".join(x for x in (device["make"], device["model"]) if x)
    return f"{device['id']:>3} {device['label']}  {what}  {device['number'] or ''}  " \
           f"{device['owner_name'] or device['owner']}".rstrip()


def cmd_device(args: argparse.Namespace) -> int:
    if args.device_command == "list":
        with open_case(args, read_only=True) as case:
            devices = provenance.gather(case.db).devices
            if args.json:
                print_json(devices)
            else:
                for device in devices:
                    print(_label(device))
                if not devices:
                    print(tr("No phone described yet: evidence-logger device add NAME."))
        return EXIT_OK
    with open_case(args, changes=True) as case:
        if args.device_command == "remove":
            device = provenance.find_device(case.db, args.device)
            provenance.remove(case.db, "device", device["id"])
            print(tr("Removed phone {label}.", label=device["label"]))
            return EXIT_OK
        device_id = provenance.add_device(
            case.db, label=args.label, owner=args.owner, owner_name=args.owner_name,
            make=args.make, model=args.model, number=args.number, note=args.note,
            region=case.region)
        print(tr("Added phone {id}: {label}.", id=device_id, label=args.label))
    return EXIT_OK


def _when(ms: int | None, tz: Any) -> str:
    return datetime.fromtimestamp(ms / 1000, tz).isoformat(timespec="seconds") if ms else "—"


def cmd_provenance(args: argparse.Namespace) -> int:
    action = args.provenance_command
    if action == "show":
        with open_case(args, read_only=True) as case:
            prov = provenance.gather(case.db)
            if args.json:
                print_json({"devices": prov.devices, "extractions": prov.extractions,
                            "declarant": prov.declarant, "phones_kept": prov.phones_kept,
                            "unassigned": prov.unassigned})
                return EXIT_OK
            for device in prov.devices:
                print(_label(device))
                for e in prov.extractions:
                    if e["device_id"] == device["id"]:
                        print(f"      [{e['id']}] {e['made_at'] or '—'} {e['made_by'] or '—'}: "
                              f"{e['method']}  ({e['files'] or '*'})")
                        print("          " + tr("{count} original(s), imported {first} to "
                                                "{last}", count=len(e["originals"]),
                                                first=_when(e["first_import_ms"], case.tz),
                                                last=_when(e["last_import_ms"], case.tz)))
            print(tr("Declarant: {name}", name=prov.declarant or "—"))
            print(tr("The phones: {kept}", kept=prov.phones_kept or "—"))
            if prov.unassigned:
                print(tr("{count} original(s) are not tied to an export described above: "
                         "{names}", count=len(prov.unassigned),
                         names=", ".join(o["name"] for o in prov.unassigned[:12])))
        return EXIT_OK
    with open_case(args, changes=True) as case:
        if action == "add":
            extraction_id = provenance.add_extraction(
                case.db, device=args.device, method=args.method, made_at=args.at,
                made_by=args.by, files=args.files, note=args.note)
            covered = next(e for e in provenance.gather(case.db).extractions
                           if e["id"] == extraction_id)["originals"]
            print(tr("Added export {id}; it covers {count} original(s).", id=extraction_id,
                     count=len(covered)))
        elif action == "set":
            provenance.set_statement(case.db, declarant=args.declarant,
                                     phones_kept=args.phones_kept)
            print(tr("Saved."))
        else:
            provenance.remove(case.db, "extraction", args.id)
            print(tr("Removed export {id}.", id=args.id))
    return EXIT_OK
