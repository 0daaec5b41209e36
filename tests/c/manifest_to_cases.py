#!/usr/bin/env python3
"""Turns tests/vectors/manifest.json into the line format the C tests read.

    python3 tests/c/manifest_to_cases.py tests/vectors/manifest.json > cases.txt

One case per line, tab-separated `key=value` fields, so that the C test needs no JSON parser.
Only the kinds the C API verifies are written: presentation, presentation_request,
trust_list, status_list, receipt and wallet_store (credentials, issuance requests and
verification requests on their own have no C entry point). Accepted receipts carry
`receipt.identity`, `receipt.password`, `receipt.face` (`ok`, `failed:CODE`, `not_performed`),
`receipt.level`, `receipt.face_score`, `receipt.rp_id`, `receipt.verifier_id`,
`receipt.checked_at` when present, and one `released.NAME=TEXT` per vouched-for attribute. Accepted presentations carry `level`, `status_check` and one
`disclosed.NAME=TEXT` field per attribute, TEXT being what wz_attribute_text() returns for it:
text as is, booleans `true`/`false`, numbers in decimal, dates `YYYY-MM-DD`, sex
`male`/`female`, card validity `FROM/UNTIL` (`FROM/long-term` when until is null), bytes in
hex (the manifest's own forms, except card validity).
"""

import json
import sys

KINDS = {"presentation", "presentation_request", "trust_list", "status_list", "receipt",
         "wallet_store"}


def text_form(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"from", "until"}:
        return f"{value['from']}/{value['until'] if value['until'] is not None else 'long-term'}"
    raise ValueError(f"unexpected disclosed value {value!r}")


def field(key, value):
    value = str(value)
    if "\t" in value or "\n" in value or "\t" in key:
        raise ValueError(f"tab or newline in {key}")
    return f"{key}={value}"


def main():
    manifest = json.load(open(sys.argv[1], encoding="utf-8"))
    out = []
    for case in manifest["cases"]:
        if case["kind"] not in KINDS:
            continue
        fields = [field("name", case["name"]), field("kind", case["kind"]), field("file", case["file"])]
        for key in ("now", "expect", "error", "trust_list", "request", "level", "status_check",
                    "storage_key", "signer_public_key", "verification_request"):
            if key in case:
                fields.append(field(key, case[key]))
        if "root_public_key" in case:
            fields.append(field("root", case["root_public_key"]))
        if "issuer_public_key" in case:
            fields.append(field("issuer", case["issuer_public_key"]))
        if case.get("status_lists"):
            fields.append(field("status_lists", ",".join(case["status_lists"])))
        if case.get("replay"):
            fields.append(field("replay", 1))
        for key, value in sorted(case.get("policy", {}).items()):
            if key == "required":
                value = ",".join(value)
            elif isinstance(value, bool):
                value = int(value)
            fields.append(field(f"policy.{key}", value))
        for name, value in sorted(case.get("disclosed", {}).items()):
            fields.append(field(f"disclosed.{name}", text_form(value)))
        if case["expect"] == "accept" and case["kind"] == "receipt":
            decoded = case["decoded"]
            for key in ("identity", "password", "face", "level", "face_score", "rp_id",
                        "verifier_id", "checked_at"):
                if key in decoded:
                    fields.append(field(f"receipt.{key}", decoded[key]))
            for name, value in sorted(decoded.get("released", {}).items()):
                fields.append(field(f"released.{name}", text_form(value)))
            fields.append(field("released_count", len(decoded.get("released", {}))))
        if case["expect"] == "accept" and case["kind"] == "presentation":
            fields.append(field("disclosed_count", len(case.get("disclosed", {}))))
        out.append("\t".join(fields))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
