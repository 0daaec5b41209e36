#!/usr/bin/env python3
"""Independent interop check of the committed test vectors.

Every object the library emits must be checkable by a standard COSE implementation, and must be
deterministic CBOR (RFC 8949 section 4.2.1). This script checks both with code that shares nothing
with the Rust crate: pycose verifies the COSE_Sign1 signatures, cbor2 decodes, and a small
deterministic encoder written here re-encodes and must reproduce the bytes exactly.

Usage:
    check_vectors.py [--vectors DIR]      check every "accept" case of DIR/manifest.json
    check_vectors.py --self-test          show that the checks pass and fail when they should

The last line of output is "N passed, N failed"; the exit status is 1 when anything failed or
the manifest has no accept case.

Requires pycose 1.1.0 and cbor2 < 6 (cbor2 6 breaks pycose's decoder).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import cbor2
from pycose.algorithms import EdDSA
from pycose.headers import KID, Algorithm
from pycose.keys.curves import Ed25519
from pycose.keys.okp import OKPKey
from pycose.messages import Sign1Message

REPO_VECTORS = Path(__file__).resolve().parents[1] / "vectors"
MANIFEST_FORMAT_VERSION = 1
COSE_SIGN1_TAG = 18
COSE_HEADER_ALG = 1
COSE_ALG_EDDSA = -8
ED25519_PUBLIC_KEY_LEN = 32
ED25519_SIGNATURE_LEN = 64
# Presentation payload key that holds the issuer-signed credential (a bstr wrapping COSE_Sign1).
PRESENTATION_CREDENTIAL_KEY = 1
KINDS = {
    "credential",
    "presentation",
    "presentation_request",
    "issuance_request",
    "trust_list",
    "status_list",
    "verification_request",
    "receipt",
}
KINDS_WITH_ISSUER = {"credential", "presentation"}


class CheckError(Exception):
    """A vector does not meet a check; the message says which and why."""


class NotDeterministic(Exception):
    """A decoded value that deterministic CBOR as used here cannot represent."""


# --- RFC 8949 section 4.2.1 core deterministic encoding --------------------------------------


def _head(major: int, argument: int) -> bytes:
    """The shortest head for a major type and argument (RFC 8949 section 4.2.1, first rule)."""
    if argument < 0 or argument >= 1 << 64:
        raise NotDeterministic(f"argument {argument} does not fit a CBOR head")
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise AssertionError("unreachable")


def encode_deterministic(value: object) -> bytes:
    """Encodes a cbor2-decoded value in core deterministic form.

    Shortest heads, definite lengths, map keys sorted bytewise by their own encoding. Only the
    types the wangzheng format uses are allowed; anything else (floats, undefined, simple values,
    the Python types cbor2 builds from semantic tags) raises NotDeterministic.
    """
    # bool before int: bool is a subclass of int.
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if type(value) is int:
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if type(value) is bytes:
        return _head(2, len(value)) + value
    if type(value) is str:
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, (list, tuple)):  # cbor2 decodes arrays used as map keys as tuples
        return _head(4, len(value)) + b"".join(encode_deterministic(v) for v in value)
    if isinstance(value, Mapping):
        items = sorted((encode_deterministic(k), encode_deterministic(v)) for k, v in value.items())
        for (k1, _), (k2, _) in zip(items, items[1:]):
            if k1 == k2:
                raise NotDeterministic("duplicate map key")
        return _head(5, len(items)) + b"".join(k + v for k, v in items)
    if isinstance(value, cbor2.CBORTag):
        return _head(6, value.tag) + encode_deterministic(value.value)
    raise NotDeterministic(f"{type(value).__name__} is not allowed in deterministic wangzheng CBOR")


def check_canonical(data: bytes, what: str) -> object:
    """Decodes data with cbor2 and requires that the deterministic re-encoding equals it."""
    try:
        value = cbor2.loads(data)
    except Exception as e:  # cbor2 raises several unrelated types on bad input
        raise CheckError(f"{what}: not CBOR ({type(e).__name__}: {e})") from None
    try:
        again = encode_deterministic(value)
    except NotDeterministic as e:
        raise CheckError(f"{what}: not deterministic CBOR: {e}") from None
    if again != data:
        if data.startswith(again):
            raise CheckError(f"{what}: {len(data) - len(again)} trailing bytes after the CBOR item")
        at = next((i for i, (a, b) in enumerate(zip(data, again)) if a != b), min(len(data), len(again)))
        raise CheckError(
            f"{what}: not deterministic CBOR (RFC 8949 4.2.1): differs from the deterministic "
            f"re-encoding at byte {at} (got {data[at:at + 4].hex() or 'end'}, "
            f"want {again[at:at + 4].hex() or 'end'})"
        )
    return value


# --- COSE_Sign1 checks -----------------------------------------------------------------------


def _public_key(hex_key: object, name: str) -> bytes:
    try:
        key = bytes.fromhex(hex_key)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise CheckError(f"{name} is not a hex string") from None
    if len(key) != ED25519_PUBLIC_KEY_LEN:
        raise CheckError(f"{name} has {len(key)} bytes, want {ED25519_PUBLIC_KEY_LEN}")
    return key


def check_sign1(data: bytes, public_key_hex: object, key_name: str, what: str,
                wangzheng_profile: bool = True) -> object:
    """Checks one tagged COSE_Sign1: deterministic encoding of the message, its protected header
    and its payload; alg EdDSA in the protected header; and pycose's signature verification
    with the given Ed25519 public key. Returns the decoded payload.

    wangzheng_profile=False (for upstream COSE examples) allows a non-empty unprotected header
    and a payload that is not CBOR, and returns the payload bytes."""
    key = _public_key(public_key_hex, key_name)
    message = check_canonical(data, what)
    if not isinstance(message, cbor2.CBORTag) or message.tag != COSE_SIGN1_TAG:
        raise CheckError(f"{what}: not a tagged COSE_Sign1 (tag {COSE_SIGN1_TAG})")
    parts = message.value
    if not isinstance(parts, list) or len(parts) != 4:
        raise CheckError(f"{what}: COSE_Sign1 is not an array of 4")
    protected, unprotected, payload, signature = parts
    if type(protected) is not bytes or not isinstance(unprotected, Mapping) or type(signature) is not bytes:
        raise CheckError(f"{what}: COSE_Sign1 members have the wrong types")
    if type(payload) is not bytes:
        raise CheckError(f"{what}: payload is not an embedded bstr")
    if wangzheng_profile and unprotected:
        raise CheckError(f"{what}: unprotected header is not empty")
    if len(signature) != ED25519_SIGNATURE_LEN:
        raise CheckError(f"{what}: signature has {len(signature)} bytes, want {ED25519_SIGNATURE_LEN}")
    header = check_canonical(protected, f"{what} protected header")
    # type() checks: Python's True == 1 must not pass for the label 1.
    alg = []
    if isinstance(header, Mapping):
        alg = [v for k, v in header.items() if type(k) is int and k == COSE_HEADER_ALG]
    if len(alg) != 1 or type(alg[0]) is not int or alg[0] != COSE_ALG_EDDSA:
        raise CheckError(f"{what}: protected header does not name alg EdDSA ({COSE_ALG_EDDSA})")
    payload_value = check_canonical(payload, f"{what} payload") if wangzheng_profile else payload

    try:
        msg = Sign1Message.decode(data)
        msg.key = OKPKey(crv=Ed25519, x=key)
        verified = msg.verify_signature()
    except Exception as e:  # pycose raises many types; any of them means "does not verify"
        raise CheckError(f"{what}: pycose could not verify the signature ({type(e).__name__}: {e})") from None
    if verified is not True:
        raise CheckError(f"{what}: signature does not verify with {key_name} (pycose)")
    return payload_value


def check_object(data: bytes, kind: str, signer_public_key: object, issuer_public_key: object) -> None:
    """All checks for one accepted object of the given kind."""
    payload = check_sign1(data, signer_public_key, "signer_public_key", "object")
    if kind == "presentation":
        if not isinstance(payload, Mapping) or PRESENTATION_CREDENTIAL_KEY not in payload:
            raise CheckError(f"presentation payload has no key {PRESENTATION_CREDENTIAL_KEY} (credential)")
        credential = payload[PRESENTATION_CREDENTIAL_KEY]
        if type(credential) is not bytes:
            raise CheckError(f"presentation payload key {PRESENTATION_CREDENTIAL_KEY} is not a bstr")
        check_sign1(credential, issuer_public_key, "issuer_public_key", "embedded credential")


# --- manifest mode ---------------------------------------------------------------------------


def _case_problem(case: object, vectors: Path) -> str | None:
    """What is wrong with a manifest entry itself, or None."""
    if not isinstance(case, dict):
        return "case is not an object"
    for field in ("name", "kind", "file", "expect"):
        if not isinstance(case.get(field), str):
            return f"missing or non-string field {field!r}"
    if case["kind"] not in KINDS:
        return f"unknown kind {case['kind']!r} (known: {', '.join(sorted(KINDS))})"
    if case["expect"] not in ("accept", "reject"):
        return f"expect is {case['expect']!r}, want 'accept' or 'reject'"
    if case["expect"] == "reject" and not isinstance(case.get("error"), str):
        return "reject case without an 'error'"
    if case["expect"] == "accept":
        if "signer_public_key" not in case:
            return "accept case without 'signer_public_key'"
        if case["kind"] in KINDS_WITH_ISSUER and "issuer_public_key" not in case:
            return f"{case['kind']} case without 'issuer_public_key'"
    path = (vectors / case["file"]).resolve()
    if not path.is_relative_to(vectors.resolve()):
        return f"file {case['file']!r} is outside the vectors folder"
    if not path.is_file():
        return f"file {case['file']!r} does not exist"
    return None


def run_manifest(vectors: Path) -> tuple[int, int]:
    """Checks the manifest's cases; prints one line per accept case (and per broken entry)."""
    try:
        manifest = json.loads((vectors / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format_version") != MANIFEST_FORMAT_VERSION:
            raise ValueError(f"format_version is {manifest.get('format_version')!r}, want {MANIFEST_FORMAT_VERSION}")
        cases = manifest["cases"]
        if not isinstance(cases, list):
            raise ValueError("'cases' is not an array")
    except (OSError, ValueError, KeyError, AttributeError) as e:
        print(f"FAIL manifest: {vectors / 'manifest.json'}: {type(e).__name__}: {e}")
        return 0, 1

    passed = failed = accepted = 0
    seen: set[str] = set()
    for index, case in enumerate(cases):
        name = case.get("name") if isinstance(case, dict) and isinstance(case.get("name"), str) else f"cases[{index}]"
        problem = _case_problem(case, vectors)
        if problem is None and name in seen:
            problem = "duplicate case name"
        seen.add(name)
        if problem is not None:
            print(f"FAIL {name}: manifest: {problem}")
            failed += 1
            continue
        if case["expect"] != "accept":
            continue  # rejections are the Rust tests' business; the entry itself was checked
        accepted += 1
        try:
            data = (vectors / case["file"]).read_bytes()
            check_object(data, case["kind"], case["signer_public_key"], case.get("issuer_public_key"))
        except CheckError as e:
            print(f"FAIL {name}: {e}")
            failed += 1
        else:
            print(f"ok   {name}")
            passed += 1
    if accepted == 0:
        print("FAIL manifest: no accept case to check")
        failed += 1
    return passed, failed


# --- self-test -------------------------------------------------------------------------------


def _sign1(payload: bytes, key: OKPKey, protected: bytes | None = None) -> bytes:
    """A tagged COSE_Sign1 built and signed by pycose (protected header bytes used as given)."""
    if protected is None:
        msg = Sign1Message(phdr={Algorithm: EdDSA}, payload=payload, key=key)
    else:
        msg = Sign1Message(phdr_encoded=protected, payload=payload, key=key)
    return msg.encode()


def _expect_fail(check: Callable[[], object], reason: str) -> None:
    """Requires check() to raise CheckError whose message contains reason."""
    try:
        check()
    except CheckError as e:
        if reason not in str(e):
            raise AssertionError(f"failed for another reason: {e}") from None
        return
    raise AssertionError(f"was accepted; expected a failure mentioning {reason!r}")


def _self_tests() -> list[tuple[str, Callable[[], None]]]:
    issuer = OKPKey.generate_key(crv=Ed25519)
    device = OKPKey.generate_key(crv=Ed25519)
    other = OKPKey.generate_key(crv=Ed25519)
    issuer_hex, device_hex, other_hex = issuer.x.hex(), device.x.hex(), other.x.hex()
    claims = encode_deterministic({1: "wangzheng", 2: 1767225600, -1: b"\x00" * 32, "age_over_18": True})
    credential = _sign1(claims, issuer)
    presentation = _sign1(encode_deterministic({1: credential, 2: b"challenge", 3: 1767225600}), device)

    def encoder_known_answers() -> None:
        # RFC 8949 Appendix A, plus the ordering rule of section 4.2.1.
        table = [
            (0, "00"), (23, "17"), (24, "1818"), (100, "1864"), (1000, "1903e8"),
            (1000000, "1a000f4240"), (18446744073709551615, "1bffffffffffffffff"),
            (-1, "20"), (-1000, "3903e7"), (-18446744073709551616, "3bffffffffffffffff"),
            (b"", "40"), (b"\x01\x02\x03\x04", "4401020304"), ("", "60"), ("IETF", "6449455446"),
            ("\u6c34", "63e6b0b4"), (False, "f4"), (True, "f5"), (None, "f6"),
            ([1, [2, 3], [4, 5]], "8301820203820405"), ({1: 2, 3: 4}, "a201020304"),
            ({"b": [2, 3], "a": 1}, "a26161016162820203"),
            ({10: 1, 100: 2, -1: 3, "z": 4, "aa": 5, b"": 6, False: 7},
             "a7" "0a01" "186402" "2003" "4006" "617a04" "62616105" "f407"),
            (cbor2.CBORTag(18, [b"", {}, b"", b""]), "d28440a04040"),
        ]
        for value, want in table:
            got = encode_deterministic(value).hex()
            if got != want:
                raise AssertionError(f"{value!r} encodes as {got}, want {want}")
        for bad in (1.5, cbor2.undefined, 1 << 64, -(1 << 64) - 1):
            try:
                encode_deterministic(bad)
            except NotDeterministic:
                continue
            raise AssertionError(f"{bad!r} was encoded")

    def bytewise_not_length_first() -> None:
        # {1000: 1, "": 2}: bytewise order puts 0x1903e8 before 0x60; cbor2's canonical=True
        # sorts by length first and puts "" first, which RFC 8949 4.2.1 does not allow.
        value = {"": 2, 1000: 1}
        ours = encode_deterministic(value)
        if ours.hex() != "a21903e8016002":
            raise AssertionError(f"got {ours.hex()}")
        theirs = cbor2.dumps(value, canonical=True)
        if theirs == ours:
            raise AssertionError("cbor2 canonical=True agrees; this test no longer shows the difference")
        check_canonical(ours, "ours")
        _expect_fail(lambda: check_canonical(theirs, "length-first"), "not deterministic")

    def pycose_signed_credential_passes() -> None:
        check_object(credential, "credential", issuer_hex, issuer_hex)

    def pycose_signed_presentation_passes() -> None:
        check_object(presentation, "presentation", device_hex, issuer_hex)

    def wrong_signer_key_fails() -> None:
        _expect_fail(lambda: check_object(credential, "credential", other_hex, issuer_hex), "does not verify")

    def wrong_issuer_key_fails() -> None:
        _expect_fail(lambda: check_object(presentation, "presentation", device_hex, other_hex),
                     "embedded credential: signature does not verify")

    def flipped_signature_bit_fails() -> None:
        tampered = bytearray(credential)
        tampered[-1] ^= 0x01
        _expect_fail(lambda: check_object(bytes(tampered), "credential", issuer_hex, issuer_hex), "does not verify")

    def tampered_payload_fails() -> None:
        at = credential.index(b"wangzheng")
        tampered = credential[:at] + b"wangzhenG" + credential[at + 9:]
        _expect_fail(lambda: check_object(tampered, "credential", issuer_hex, issuer_hex), "does not verify")

    def untagged_fails() -> None:
        untagged = cbor2.dumps(cbor2.loads(credential).value)
        _expect_fail(lambda: check_object(untagged, "credential", issuer_hex, issuer_hex), "tag 18")

    def unsorted_payload_keys_fail() -> None:
        # Validly signed, so only the canonical check can catch it.
        unsorted = b"\xa2\x02\x61b\x01\x61a"  # {2: "b", 1: "a"}
        _expect_fail(lambda: check_object(_sign1(unsorted, issuer), "credential", issuer_hex, issuer_hex),
                     "object payload: not deterministic")

    def non_shortest_int_fails() -> None:
        long_head = b"\xa1\x01\x18\x05"  # {1: 5} with 5 in a one-byte extension
        _expect_fail(lambda: check_object(_sign1(long_head, issuer), "credential", issuer_hex, issuer_hex),
                     "object payload: not deterministic")

    def non_shortest_protected_header_fails() -> None:
        protected = b"\xa1\x01\x38\x07"  # {1: -8} with -8 in a one-byte extension
        signed = _sign1(claims, issuer, protected=protected)
        _expect_fail(lambda: check_object(signed, "credential", issuer_hex, issuer_hex),
                     "protected header: not deterministic")

    def non_shortest_outer_length_fails() -> None:
        # The signature bstr's length 64 written with a two-byte argument: pycose still verifies.
        at = len(credential) - 2 - ED25519_SIGNATURE_LEN
        if credential[at:at + 2] != b"\x58\x40":
            raise AssertionError("pycose did not end the message with a 64-byte bstr")
        longer = credential[:at] + b"\x59\x00\x40" + credential[at + 2:]
        msg = Sign1Message.decode(longer)
        msg.key = OKPKey(crv=Ed25519, x=issuer.x)
        if not msg.verify_signature():
            raise AssertionError("pycose no longer verifies the re-encoded message")
        _expect_fail(lambda: check_object(longer, "credential", issuer_hex, issuer_hex), "object: not deterministic")

    def indefinite_length_fails() -> None:
        _expect_fail(lambda: check_canonical(b"\xbf\x01\x02\xff", "map"), "not deterministic")
        _expect_fail(lambda: check_canonical(b"\x5f\x41\x00\xff", "bstr"), "not deterministic")

    def duplicate_key_fails() -> None:
        _expect_fail(lambda: check_canonical(b"\xa2\x01\x01\x01\x02", "map"), "not deterministic")

    def float_fails() -> None:
        _expect_fail(lambda: check_canonical(b"\xa1\x01\xf9\x3e\x00", "map"), "float is not allowed")

    def trailing_bytes_fail() -> None:
        _expect_fail(lambda: check_object(credential + b"\x00", "credential", issuer_hex, issuer_hex), "trailing")

    def non_canonical_embedded_credential_fails() -> None:
        bad_credential = _sign1(b"\xa2\x02\x01\x01\x02", issuer)  # {2: 1, 1: 2}
        outer = _sign1(encode_deterministic({1: bad_credential}), device)
        _expect_fail(lambda: check_object(outer, "presentation", device_hex, issuer_hex),
                     "embedded credential payload: not deterministic")

    def cose_wg_eddsa_known_answer() -> None:
        # Upstream COSE WG example eddsa-sig-01 (Ed25519, RFC 8032 test key 1); pycose must verify
        # it, and re-signing with the same private key must give the upstream bytes exactly.
        path = REPO_VECTORS / "external" / "cose-wg" / "eddsa-examples" / "eddsa-sig-01.json"
        example = json.loads(path.read_text(encoding="utf-8"))
        data = bytes.fromhex(example["output"]["cbor"])
        key = example["input"]["sign0"]["key"]
        check_sign1(data, key["x_hex"], "x_hex", "eddsa-sig-01", wangzheng_profile=False)
        msg = Sign1Message.decode(data)
        resigned = Sign1Message(
            phdr_encoded=msg.phdr_encoded,
            uhdr={KID: key["kid"].encode()},
            payload=example["input"]["plaintext"].encode(),
            key=OKPKey(crv=Ed25519, x=bytes.fromhex(key["x_hex"]), d=bytes.fromhex(key["d_hex"])),
        ).encode()
        if resigned != data:
            raise AssertionError(f"pycose re-signing gives {resigned.hex()}")

    return [
        ("encoder known answers", encoder_known_answers),
        ("bytewise key order, not length-first", bytewise_not_length_first),
        ("pycose-signed credential passes", pycose_signed_credential_passes),
        ("pycose-signed presentation passes", pycose_signed_presentation_passes),
        ("wrong signer key fails", wrong_signer_key_fails),
        ("wrong issuer key fails", wrong_issuer_key_fails),
        ("flipped signature bit fails", flipped_signature_bit_fails),
        ("tampered payload fails", tampered_payload_fails),
        ("untagged COSE_Sign1 fails", untagged_fails),
        ("unsorted payload map keys fail", unsorted_payload_keys_fail),
        ("non-shortest integer fails", non_shortest_int_fails),
        ("non-shortest protected header fails", non_shortest_protected_header_fails),
        ("non-shortest outer length head fails", non_shortest_outer_length_fails),
        ("indefinite lengths fail", indefinite_length_fails),
        ("duplicate map key fails", duplicate_key_fails),
        ("float fails", float_fails),
        ("trailing bytes fail", trailing_bytes_fail),
        ("non-canonical embedded credential fails", non_canonical_embedded_credential_fails),
        ("cose-wg eddsa-sig-01 known answer", cose_wg_eddsa_known_answer),
    ]


def run_self_test() -> tuple[int, int]:
    passed = failed = 0
    for name, test in _self_tests():
        try:
            test()
        except Exception as e:  # report every failing self-test, whatever it raised
            print(f"FAIL self-test/{name}: {type(e).__name__}: {e}")
            failed += 1
        else:
            print(f"ok   self-test/{name}")
            passed += 1
    return passed, failed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vectors", type=Path, default=REPO_VECTORS,
                        help="folder holding manifest.json (default: %(default)s)")
    parser.add_argument("--self-test", action="store_true",
                        help="check the checker itself instead of the vectors")
    args = parser.parse_args(argv)
    passed, failed = run_self_test() if args.self_test else run_manifest(args.vectors)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
