#!/usr/bin/env python3
"""Independent interop check of the committed test vectors.

Every object the library emits must be checkable by a standard COSE implementation, and must be
deterministic CBOR (RFC 8949 section 4.2.1). This script checks both with code that shares nothing
with the Rust crate: pycose verifies the COSE_Sign1 signatures, cbor2 decodes, and a small
deterministic encoder written here re-encodes and must reproduce the bytes exactly.

Beyond the accepted object itself it checks the trust list and status lists an accepted case
loads (issuer keys are then found in the trust list by key id, SHA-256(key)[0..8]), decodes the
content that the manifest's `decoded` states for trust lists, status lists, verification
requests and receipts (inflating with zlib), and opens wallet stores with the `cryptography`
package's ChaCha20-Poly1305. For online verification it checks a verification request's
terminal signature with the key inside it, the presentation it forwards with the device key its
credential names (and that credential with the issuer key, when the case has one or a trust
list), the presentation request it embeds, the face image's SHA-256; and for a receipt, that the
trust list allows its signer to sign receipts, that it names the SHA-256 of exactly the request
it answers, and that every attribute it releases is a disclosure of the forwarded presentation.

Usage:
    check_vectors.py [--vectors DIR]      check every "accept" case of DIR/manifest.json
    check_vectors.py --self-test          show that the checks pass and fail when they should

The last line of output is "N passed, N failed"; the exit status is 1 when anything failed or
the manifest has no accept case.

Requires pycose 1.1.0 and cbor2 < 6 (cbor2 6 breaks pycose's decoder); ChaCha20-Poly1305 comes from
cryptography, which pycose depends on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

import cbor2
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from pycose.algorithms import EdDSA
from pycose.headers import KID, Algorithm
from pycose.keys.curves import Ed25519
from pycose.keys.okp import OKPKey
from pycose.messages import Sign1Message

REPO_VECTORS = Path(__file__).resolve().parents[1] / "vectors"
MANIFEST_FORMAT_VERSION = 1
COSE_SIGN1_TAG = 18
COSE_HEADER_ALG = 1
COSE_HEADER_KID = 4
COSE_ALG_EDDSA = -8
KID_LEN = 8
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
    "wallet_store",
    "verification_request",
    "receipt",
}
# Kinds verified against an issuer key: pinned (issuer_public_key), or found in the trust list.
KINDS_WITH_ISSUER = {"credential", "presentation", "status_list", "receipt"}
LEVELS = {1: "light", 2: "upgraded"}
CONTENT_TYPES = {
    65001: "credential",
    65002: "presentation",
    65003: "presentation_request",
    65004: "issuance_request",
    65005: "trust_list",
    65006: "status_list",
    65007: "verification_request",
    65008: "receipt",
}
# Error codes by number (FORMAT.md, "Errors"), for the reasons of failed receipt factors.
ERROR_CODES = {
    1: "malformed", 2: "non_canonical", 3: "too_large", 4: "unsupported", 5: "wrong_kind",
    10: "bad_signature", 11: "weak_key", 12: "unknown_issuer", 13: "device_key_mismatch",
    20: "not_yet_valid", 21: "expired", 22: "stale_presentation", 23: "replayed",
    30: "level_too_low", 31: "missing_attribute", 32: "disclosure_mismatch",
    40: "audience_mismatch", 41: "nonce_mismatch", 42: "request_mismatch",
    50: "revoked", 51: "suspended", 52: "superseded", 53: "status_unavailable",
    60: "trust_list_stale",
    70: "password_wrong", 71: "password_locked", 72: "face_mismatch", 73: "receipt_mismatch",
    74: "unknown_credential",
    80: "corrupt_store", 90: "invalid_argument", 91: "signer_failed",
}
# Standard attribute ids (FORMAT.md, "Attributes"); -NN is age_over_NN, a text id is an extra.
ATTRIBUTE_NAMES = {
    1: "full_name", 2: "sex", 3: "ethnicity", 4: "birth_date", 5: "address", 6: "id_number",
    7: "issuing_authority", 8: "card_validity", 9: "portrait",
}
# Credential claims: key 8 is cnf, {1: COSE_Key}, the device key (RFC 8747).
CREDENTIAL_CNF_KEY = 8
# Presentation request payload: key 7 is the verifier key.
PRESENTATION_REQUEST_KEY_KEY = 7
# Verification request payload keys (FORMAT.md, "Online verification").
VR_PRESENTATION, VR_VERIFIER_ID, VR_NONCE, VR_MODE, VR_SEALED, VR_FACE = 1, 2, 3, 4, 5, 6
VR_CREATED_AT, VR_TERMINAL_KEY, VR_PRESENTATION_REQUEST, VR_RELEASE = 7, 8, 9, 10
VR_MODES_WITH_PASSWORD, VR_MODES_WITH_FACE = {2, 4}, {3, 4}
FACTOR_OUTCOMES = {0: "ok", 1: "failed", 2: "not_performed"}
STATUS_STATES = {1: "revoked", 2: "suspended", 3: "superseded"}  # 0 is good
# Wallet store (FORMAT.md, "Wallet store"): [1, nonce, sealed] sealed with ChaCha20-Poly1305.
WALLET_STORE_VERSION = 1
WALLET_STORE_AAD = b"wangzheng wallet store v1"
WALLET_STORE_NONCE_LEN = 12
STORAGE_KEY_LEN = 32


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


def key_id(public_key_hex: str) -> bytes:
    """A key identifier: SHA-256 of the 32-byte public key, first 8 bytes."""
    return hashlib.sha256(bytes.fromhex(public_key_hex)).digest()[:KID_LEN]


def outer_kid(data: bytes, what: str) -> bytes:
    """The kid (label 4) of a tagged COSE_Sign1's protected header."""
    try:
        message = cbor2.loads(data)
        header = cbor2.loads(message.value[0])
        kid = header[COSE_HEADER_KID]
    except Exception as e:  # any decoding problem means there is no kid to read
        raise CheckError(f"{what}: no kid in the protected header ({type(e).__name__})") from None
    if type(kid) is not bytes or len(kid) != KID_LEN:
        raise CheckError(f"{what}: kid is not an {KID_LEN}-byte bstr")
    return kid


# Issuer keys a trust list names: key id -> (public key hex, entry as in the manifest's `decoded`).
TrustedKeys = dict[bytes, tuple[str, dict]]


def resolve_issuer(data: bytes, issuer_public_key: object, trusted: TrustedKeys | None,
                   what: str) -> tuple[object, str]:
    """The key that must verify `data`: the pinned issuer key, or the trust-list entry its kid names."""
    if issuer_public_key is not None:
        return issuer_public_key, "issuer_public_key"
    if trusted is None:
        raise CheckError(f"{what}: neither issuer_public_key nor a trust list")
    kid = outer_kid(data, what)
    if kid not in trusted:
        raise CheckError(f"{what}: kid {kid.hex()} is not in the trust list")
    return trusted[kid][0], f"trust-list key {kid.hex()}"


def check_object(data: bytes, kind: str, signer_public_key: object, issuer_public_key: object,
                 trusted: TrustedKeys | None = None) -> object:
    """All checks for one accepted object of the given kind; returns the decoded payload.

    The embedded credential of a presentation is verified with issuer_public_key, or else with
    the key of `trusted` (from a trust list) that its kid names."""
    payload = check_sign1(data, signer_public_key, "signer_public_key", "object")
    if kind == "presentation":
        if not isinstance(payload, Mapping) or PRESENTATION_CREDENTIAL_KEY not in payload:
            raise CheckError(f"presentation payload has no key {PRESENTATION_CREDENTIAL_KEY} (credential)")
        credential = payload[PRESENTATION_CREDENTIAL_KEY]
        if type(credential) is not bytes:
            raise CheckError(f"presentation payload key {PRESENTATION_CREDENTIAL_KEY} is not a bstr")
        key, key_name = resolve_issuer(credential, issuer_public_key, trusted, "embedded credential")
        check_sign1(credential, key, key_name, "embedded credential")
    return payload


# --- online verification: verification requests and receipts ---------------------------------


def _okp_key(value: object, what: str) -> bytes:
    key = _exact_map(value, {1, -1, -2}, what)
    if key[1] != 1 or key[-1] != 6 or type(key[-2]) is not bytes or len(key[-2]) != ED25519_PUBLIC_KEY_LEN:
        raise CheckError(f"{what} is not an Ed25519 OKP key")
    return key[-2]


def attribute_name(attribute_id: object) -> str:
    """The manifest name of an attribute id."""
    if type(attribute_id) is int and attribute_id in ATTRIBUTE_NAMES:
        return ATTRIBUTE_NAMES[attribute_id]
    if type(attribute_id) is int and -150 <= attribute_id <= -1:
        return f"age_over_{-attribute_id}"
    if type(attribute_id) is str:
        return attribute_id
    raise CheckError(f"unknown attribute id {attribute_id!r}")


def _date(value: object, what: str) -> str:
    d = _uint(value, what)
    return f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}"


def attribute_value(name: str, value: object) -> object:
    """A disclosed value in the manifest's JSON form (as the README's `disclosed` says)."""
    if name == "sex":
        if value not in (1, 2) or type(value) is not int:
            raise CheckError(f"sex value {value!r}")
        return "male" if value == 1 else "female"
    if name == "birth_date":
        return _date(value, name)
    if name == "card_validity":
        if not isinstance(value, list) or len(value) != 2:
            raise CheckError("card_validity is not [from, until]")
        return {"from": _date(value[0], "card_validity from"),
                "until": None if value[1] is None else _date(value[1], "card_validity until")}
    if type(value) is bytes:
        return value.hex()
    if type(value) in (str, int, bool):
        return value
    raise CheckError(f"{name}: a value of type {type(value).__name__}")


def _presentation_disclosures(payload: Mapping) -> list[bytes]:
    """The deterministic encodings of a presentation payload's disclosures."""
    presented = payload.get(2)
    if not isinstance(presented, list) or any(not isinstance(p, list) or len(p) != 3 for p in presented):
        raise CheckError("presentation payload key 2 is not an array of [index, path, disclosure]")
    return [encode_deterministic(p[2]) for p in presented]


def check_forwarded_presentation(presentation: bytes, issuer_public_key: object,
                                 trusted: TrustedKeys | None) -> Mapping:
    """A presentation forwarded inside a verification request: signed by the device key that its
    credential names (cnf), and the credential by the issuer when a key or trust list is known
    (otherwise the credential is only checked to be deterministic CBOR). Returns its payload."""
    try:
        outer = cbor2.loads(presentation)
        credential = cbor2.loads(outer.value[2])[PRESENTATION_CREDENTIAL_KEY]
    except Exception as e:  # any decoding problem means there is no credential to read
        raise CheckError(f"forwarded presentation: no embedded credential ({type(e).__name__})") from None
    if type(credential) is not bytes:
        raise CheckError("forwarded presentation: the credential is not a bstr")
    if issuer_public_key is not None or trusted is not None:
        key, key_name = resolve_issuer(credential, issuer_public_key, trusted, "forwarded credential")
        claims = check_sign1(credential, key, key_name, "forwarded credential")
    else:
        message = check_canonical(credential, "forwarded credential")
        if (not isinstance(message, cbor2.CBORTag) or not isinstance(message.value, list)
                or len(message.value) != 4 or type(message.value[2]) is not bytes):
            raise CheckError("forwarded credential is not a COSE_Sign1 with an embedded payload")
        claims = check_canonical(message.value[2], "forwarded credential payload")
    cnf = claims.get(CREDENTIAL_CNF_KEY) if isinstance(claims, Mapping) else None
    if not isinstance(cnf, Mapping) or set(cnf) != {1}:
        raise CheckError("forwarded credential: cnf is not {1: COSE_Key}")
    device = _okp_key(cnf[1], "forwarded credential cnf key")
    payload = check_sign1(presentation, device.hex(), "the credential's device key", "forwarded presentation")
    if not isinstance(payload, Mapping):
        raise CheckError("forwarded presentation payload is not a map")
    return payload


# Names an embedded object by the vector file of a kind folder that holds it (or its hex).
NameOf = Callable[[str, bytes], str]


def check_verification_request(data: bytes, signer_public_key: object, issuer_public_key: object,
                               trusted: TrustedKeys | None, name_of: NameOf,
                               face_image: bytes | None) -> tuple[dict, Mapping]:
    """A verification request: signed by the terminal key inside it (= signer_public_key), the
    evidence fitting the mode, the forwarded presentation and any embedded presentation request
    verified, the face image hashing to the evidence. Returns its `decoded` form and the
    forwarded presentation's payload."""
    payload = check_sign1(data, signer_public_key, "signer_public_key", "verification request")
    if not isinstance(payload, Mapping) or any(type(k) is not int for k in payload):
        raise CheckError("verification request payload is not a map with integer keys")
    required = {VR_PRESENTATION, VR_VERIFIER_ID, VR_NONCE, VR_MODE, VR_CREATED_AT, VR_TERMINAL_KEY, VR_RELEASE}
    optional = {VR_SEALED, VR_FACE, VR_PRESENTATION_REQUEST}
    if not required <= set(payload) or not set(payload) <= required | optional:
        raise CheckError(f"verification request payload keys {sorted(payload)}")
    terminal = _okp_key(payload[VR_TERMINAL_KEY], "verification request terminal key")
    if terminal.hex() != signer_public_key:
        raise CheckError("verification request: the terminal key inside is not signer_public_key")
    mode = payload[VR_MODE]
    if type(mode) is not int or mode not in (1, 2, 3, 4):
        raise CheckError(f"verification request mode {mode!r}")
    if (VR_SEALED in payload) != (mode in VR_MODES_WITH_PASSWORD) or (VR_FACE in payload) != (mode in VR_MODES_WITH_FACE):
        raise CheckError(f"verification request: the evidence does not fit mode {mode}")
    if VR_SEALED in payload:
        sealed = payload[VR_SEALED]
        if (not isinstance(sealed, list) or len(sealed) != 2 or type(sealed[0]) is not bytes or len(sealed[0]) != 32
                or type(sealed[1]) is not bytes or len(sealed[1]) != 24):
            raise CheckError("sealed password is not [bstr .size 32, bstr .size 24]")
    nonce, verifier_id = payload[VR_NONCE], payload[VR_VERIFIER_ID]
    if type(nonce) is not bytes or len(nonce) != 16 or type(verifier_id) is not str or not verifier_id:
        raise CheckError("verification request nonce or verifier id")
    release = payload[VR_RELEASE]
    if not isinstance(release, list):
        raise CheckError("verification request release is not an array")
    decoded = {
        "verifier_id": verifier_id,
        "service_nonce": nonce.hex(),
        "mode": mode,
        "created_at": _uint(payload[VR_CREATED_AT], "verification request created-at"),
        "terminal_key": terminal.hex(),
        "release": [attribute_name(a) for a in release],
    }
    if VR_FACE in payload:
        face = payload[VR_FACE]
        if (not isinstance(face, list) or len(face) != 3 or type(face[0]) is not bytes or len(face[0]) != 32
                or type(face[2]) is not str):
            raise CheckError("face evidence is not [bstr .size 32, uint, tstr]")
        decoded["face"] = {"image_digest": face[0].hex(), "captured_at": _uint(face[1], "face captured-at"),
                           "media_type": face[2]}
        if face_image is not None and hashlib.sha256(face_image).digest() != face[0]:
            raise CheckError("face_image does not hash to the request's face evidence")
    elif face_image is not None:
        raise CheckError("face_image, but the request has no face evidence")
    if type(payload[VR_PRESENTATION]) is not bytes:
        raise CheckError("verification request key 1 is not a bstr")
    presentation = check_forwarded_presentation(payload[VR_PRESENTATION], issuer_public_key, trusted)
    if VR_PRESENTATION_REQUEST in payload:
        request = payload[VR_PRESENTATION_REQUEST]
        if type(request) is not bytes:
            raise CheckError("verification request key 9 is not a bstr")
        try:
            verifier_key = cbor2.loads(cbor2.loads(request).value[2])[PRESENTATION_REQUEST_KEY_KEY]
        except Exception as e:  # any decoding problem means there is no key to read
            raise CheckError(f"embedded presentation request: no verifier key ({type(e).__name__})") from None
        key = _okp_key(verifier_key, "embedded presentation request key")
        check_sign1(request, key.hex(), "its verifier key", "embedded presentation request")
        decoded["presentation_request"] = name_of("presentation_request", request)
    return decoded, presentation


def _factor(value: object, what: str) -> str:
    if not isinstance(value, list) or len(value) != 2 or any(type(v) is not int for v in value):
        raise CheckError(f"{what} is not [outcome, reason]")
    outcome, reason = value
    if outcome == 1 and reason in ERROR_CODES:
        return f"failed:{ERROR_CODES[reason]}"
    if outcome in (0, 2) and reason == 0:
        return FACTOR_OUTCOMES[outcome]
    raise CheckError(f"{what} is [{outcome}, {reason}]")


def decode_receipt(payload: object, presentation_disclosures: list[bytes]) -> dict:
    """A receipt payload in the manifest's `decoded` form; every released disclosure must be one
    the forwarded presentation disclosed, byte for byte."""
    if not isinstance(payload, Mapping) or any(type(k) is not int for k in payload):
        raise CheckError("receipt payload is not a map with integer keys")
    if not {1, 2, 3, 4} <= set(payload) or not set(payload) <= set(range(1, 9)):
        raise CheckError(f"receipt payload keys {sorted(payload)}")
    factors = payload[4]
    if not isinstance(factors, list) or len(factors) != 3:
        raise CheckError("receipt factors are not [identity, password, face]")
    out = {
        "verifier_id": payload[2],
        "checked_at": _uint(payload[3], "receipt checked-at"),
        "identity": _factor(factors[0], "identity factor"),
        "password": _factor(factors[1], "password factor"),
        "face": _factor(factors[2], "face factor"),
    }
    identity_ok = out["identity"] == "ok"
    if (5 in payload) != identity_ok or (7 in payload) != identity_ok or (8 in payload and not identity_ok):
        raise CheckError("receipt: level and rp-id come exactly with a passed identity, released attributes only then")
    if 5 in payload:
        if payload[5] not in LEVELS:
            raise CheckError(f"receipt level {payload[5]!r}")
        out["level"] = LEVELS[payload[5]]
    if 6 in payload:
        score = _uint(payload[6], "face score")
        if score > 1000:
            raise CheckError(f"face score {score}")
        out["face_score"] = score
    if 7 in payload:
        if type(payload[7]) is not bytes or len(payload[7]) != 16:
            raise CheckError("rp-id is not a 16-byte bstr")
        out["rp_id"] = payload[7].hex()
    if 8 in payload:
        released = payload[8]
        if not isinstance(released, list) or not released:
            raise CheckError("released attributes are not a non-empty array")
        out["released"] = {}
        for d in released:
            if not isinstance(d, list) or len(d) != 3 or type(d[0]) is not bytes or len(d[0]) != 16:
                raise CheckError("a released attribute is not a disclosure [salt, id, value]")
            if encode_deterministic(d) not in presentation_disclosures:
                raise CheckError("a released attribute is no disclosure of the forwarded presentation")
            name = attribute_name(d[1])
            out["released"][name] = attribute_value(name, d[2])
    return out


def check_receipt(data: bytes, signer_public_key: object, issuer_public_key: object,
                  trusted: TrustedKeys | None, request: bytes, name_of: NameOf,
                  face_image: bytes | None) -> dict:
    """A receipt: signed by the pinned key or a trust-list key allowed to sign receipts (which
    must be signer_public_key), answering exactly `request` (which is checked as a verification
    request, its forwarded credential through the same trust list). Returns its `decoded` form."""
    key, _ = resolve_issuer(data, issuer_public_key, trusted, "receipt")
    if key != signer_public_key:
        raise CheckError("signer_public_key is not the key that may sign this receipt")
    if issuer_public_key is None and trusted is not None and "receipt" not in trusted[key_id(key)][1]["kinds"]:
        raise CheckError("the trust list does not allow this key to sign receipts")
    payload = check_sign1(data, signer_public_key, "signer_public_key", "receipt")
    try:
        terminal = cbor2.loads(cbor2.loads(request).value[2])[VR_TERMINAL_KEY][-2].hex()
    except Exception as e:  # any decoding problem means there is no terminal key to read
        raise CheckError(f"verification request: no terminal key ({type(e).__name__})") from None
    request_decoded, presentation = check_verification_request(
        request, terminal, issuer_public_key, trusted, name_of, face_image)
    if not isinstance(payload, Mapping) or payload.get(1) != hashlib.sha256(request).digest():
        raise CheckError("the receipt does not name the SHA-256 of the verification request")
    decoded = decode_receipt(payload, _presentation_disclosures(presentation))
    if decoded["verifier_id"] != request_decoded["verifier_id"]:
        raise CheckError("the receipt's verifier id is not the request's")
    return decoded


# --- trust lists, status lists, wallet stores ------------------------------------------------


def _uint(value: object, what: str) -> int:
    if type(value) is not int or value < 0:
        raise CheckError(f"{what} is not an unsigned integer")
    return value


def _exact_map(value: object, keys: set, what: str) -> Mapping:
    if not isinstance(value, Mapping) or set(value.keys()) != keys or any(type(k) is not int for k in value):
        raise CheckError(f"{what} is not a map with exactly the keys {sorted(keys)}")
    return value


def decode_trust_list(payload: object) -> dict:
    """A trust-list payload in the manifest's `decoded` form."""
    m = _exact_map(payload, {1, 2, 3, 4}, "trust list payload")
    entries = m[4]
    if not isinstance(entries, list) or not entries:
        raise CheckError("trust list: key 4 is not a non-empty array")
    issuers = []
    for n, e in enumerate(entries):
        what = f"trust list entry {n}"
        if not isinstance(e, list) or len(e) != 5:
            raise CheckError(f"{what} is not an array of 5")
        key = _exact_map(e[0], {1, -1, -2}, f"{what} key")
        if key[1] != 1 or key[-1] != 6 or type(key[-2]) is not bytes or len(key[-2]) != ED25519_PUBLIC_KEY_LEN:
            raise CheckError(f"{what} key is not an Ed25519 OKP key")
        levels, kinds = e[3], e[4]
        if not isinstance(levels, list) or any(lv not in LEVELS for lv in levels) or levels != sorted(set(levels)):
            raise CheckError(f"{what} levels are not strictly ascending known levels")
        if not isinstance(kinds, list) or any(k not in CONTENT_TYPES for k in kinds) or kinds != sorted(set(kinds)):
            raise CheckError(f"{what} kinds are not strictly ascending known content types")
        issuers.append({
            "public_key": key[-2].hex(),
            "valid_from": _uint(e[1], f"{what} valid-from"),
            "valid_until": _uint(e[2], f"{what} valid-until"),
            "levels": [LEVELS[lv] for lv in levels],
            "kinds": [CONTENT_TYPES[k] for k in kinds],
        })
    kids = [key_id(i["public_key"]) for i in issuers]
    if kids != sorted(set(kids)):
        raise CheckError("trust list entries are not strictly ascending by key id")
    return {
        "sequence": _uint(m[1], "trust list sequence"),
        "issued_at": _uint(m[2], "trust list issued-at"),
        "next_update": _uint(m[3], "trust list next-update"),
        "issuers": issuers,
    }


def decode_status_list(payload: object) -> dict:
    """A status-list payload in the manifest's `decoded` form: raw DEFLATE (RFC 1951) of 2-bit
    entries, least significant first, unused high bits zero."""
    m = _exact_map(payload, {1, 2, 3, 4, 5}, "status list payload")
    count = _uint(m[4], "status list count")
    if type(m[5]) is not bytes:
        raise CheckError("status list: key 5 is not a bstr")
    inflater = zlib.decompressobj(wbits=-15)
    try:
        packed = inflater.decompress(m[5])
    except zlib.error as e:
        raise CheckError(f"status list: not raw DEFLATE ({e})") from None
    if not inflater.eof or inflater.unused_data:
        raise CheckError("status list: the DEFLATE stream does not end exactly with the bstr")
    if len(packed) != (count + 3) // 4:
        raise CheckError(f"status list: {len(packed)} packed bytes for {count} entries")
    if count % 4 and packed[-1] >> (2 * (count % 4)):
        raise CheckError("status list: unused padding bits are set")
    not_good = {}
    for i in range(count):
        state = (packed[i // 4] >> (2 * (i % 4))) & 3
        if state:
            not_good[str(i)] = STATUS_STATES[state]
    return {
        "list_id": _uint(m[1], "status list id"),
        "issued_at": _uint(m[2], "status list issued-at"),
        "next_update": _uint(m[3], "status list next-update"),
        "count": count,
        "not_good": not_good,
    }


def check_trust_list(data: bytes, root_public_key: object, what: str) -> tuple[dict, TrustedKeys]:
    """Verifies a trust list with the root key; returns its decoded form and its keys by kid."""
    decoded = decode_trust_list(check_sign1(data, root_public_key, "root_public_key", what))
    return decoded, {key_id(i["public_key"]): (i["public_key"], i) for i in decoded["issuers"]}


def check_wallet_store(data: bytes, storage_key_hex: object, device_public_key_hex: object,
                       read: Callable[[str], bytes], decoded: object) -> None:
    """Opens a sealed wallet store: deterministic outer array [1, nonce, sealed], ChaCha20-Poly1305
    with the fixed AAD, deterministic contents whose device key is the given one (and whose seed,
    if present, derives it), holding exactly the credential files that `decoded` names."""
    try:
        key = bytes.fromhex(storage_key_hex)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise CheckError("storage_key is not a hex string") from None
    if len(key) != STORAGE_KEY_LEN:
        raise CheckError(f"storage_key has {len(key)} bytes, want {STORAGE_KEY_LEN}")
    device = _public_key(device_public_key_hex, "signer_public_key")
    outer = check_canonical(data, "wallet store")
    if (not isinstance(outer, list) or len(outer) != 3 or outer[0] != WALLET_STORE_VERSION
            or type(outer[1]) is not bytes or len(outer[1]) != WALLET_STORE_NONCE_LEN or type(outer[2]) is not bytes):
        raise CheckError("wallet store is not [1, bstr .size 12, bstr]")
    try:
        plaintext = ChaCha20Poly1305(key).decrypt(outer[1], outer[2], WALLET_STORE_AAD)
    except InvalidTag:
        raise CheckError("wallet store: ChaCha20-Poly1305 authentication fails") from None
    contents = check_canonical(plaintext, "wallet store contents")
    if not isinstance(contents, Mapping) or set(contents.keys()) not in ({1, 3}, {1, 2, 3}):
        raise CheckError("wallet store contents are not a map of keys 1, (2,) 3")
    if contents[1] != device:
        raise CheckError("wallet store: the device key is not signer_public_key")
    if 2 in contents:
        seed = contents[2]
        if type(seed) is not bytes or len(seed) != 32:
            raise CheckError("wallet store: the seed is not a 32-byte bstr")
        if Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw() != device:
            raise CheckError("wallet store: the seed does not derive the device key")
    held = contents[3]
    if not isinstance(held, list) or any(not isinstance(h, list) or len(h) != 3 or type(h[0]) is not bytes for h in held):
        raise CheckError("wallet store: key 3 is not an array of [credential, leaves, disclosures]")
    if not isinstance(decoded, Mapping) or not isinstance(decoded.get("credentials"), list):
        raise CheckError("manifest: decoded.credentials missing")
    names = decoded["credentials"]
    if len(names) != len(held) or any(read(n) != h[0] for n, h in zip(names, held)):
        raise CheckError(f"wallet store holds {len(held)} credential(s), not exactly the files {names}")


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
        if case["kind"] in KINDS_WITH_ISSUER and "issuer_public_key" not in case and "trust_list" not in case:
            return f"{case['kind']} case without 'issuer_public_key' or 'trust_list'"
        if case["kind"] in ("trust_list", "status_list", "wallet_store") and "decoded" not in case:
            return f"accepted {case['kind']} case without 'decoded'"
    if ("trust_list" in case or case["kind"] == "trust_list") and "root_public_key" not in case:
        return "a trust list without 'root_public_key'"
    if case["kind"] == "wallet_store" and "storage_key" not in case:
        return "wallet_store case without 'storage_key'"
    status_lists = case.get("status_lists", [])
    if not isinstance(status_lists, list):
        return "'status_lists' is not an array"
    if (case["kind"] == "receipt") != ("verification_request" in case):
        return "receipts, and only they, have a 'verification_request'"
    if "face_image" in case and case["kind"] not in ("verification_request", "receipt"):
        return "only verification requests and receipts have a 'face_image'"
    if case["expect"] == "accept" and case["kind"] in ("verification_request", "receipt") and "decoded" not in case:
        return f"accepted {case['kind']} case without 'decoded'"
    files = [case["file"], *status_lists] + [
        case[f] for f in ("request", "trust_list", "verification_request", "face_image") if f in case]
    for file in files:
        if not isinstance(file, str):
            return f"file name {file!r} is not a string"
        path = (vectors / file).resolve()
        if not path.is_relative_to(vectors.resolve()):
            return f"file {file!r} is outside the vectors folder"
        if not path.is_file():
            return f"file {file!r} does not exist"
    return None


def check_case(case: dict, vectors: Path) -> None:
    """All checks for one accepted manifest case: the object, and the trust list and status
    lists the case loads."""
    def read(name: str) -> bytes:
        return (vectors / name).read_bytes()

    def name_of(folder: str, embedded: bytes) -> str:
        """The vector file of `folder` holding exactly `embedded` (first in name order), or its hex."""
        names = sorted(p.name for p in (vectors / folder).iterdir() if p.is_file())
        return next((f"{folder}/{n}" for n in names if read(f"{folder}/{n}") == embedded), embedded.hex())

    kind = case["kind"]
    data = read(case["file"])
    if kind == "wallet_store":
        check_wallet_store(data, case["storage_key"], case["signer_public_key"], read, case.get("decoded"))
        return
    trusted = None
    if "trust_list" in case:
        _, trusted = check_trust_list(read(case["trust_list"]), case["root_public_key"], "trust_list")
    issuer = case.get("issuer_public_key")
    for name in case.get("status_lists", []):
        status_list = read(name)
        key, key_name = resolve_issuer(status_list, issuer, trusted, name)
        decode_status_list(check_sign1(status_list, key, key_name, name))
    if kind == "status_list":
        # The signer must be the pinned issuer key or a trust-list key allowed to sign status lists.
        key, _ = resolve_issuer(data, issuer, trusted, "object")
        if key != case["signer_public_key"]:
            raise CheckError("signer_public_key is not the key that may sign this status list")
        if trusted is not None and "status_list" not in trusted[key_id(key)][1]["kinds"]:
            raise CheckError("the trust list does not allow this key to sign status lists")
    face_image = read(case["face_image"]) if "face_image" in case else None
    if kind in ("verification_request", "receipt"):
        if kind == "verification_request":
            decoded, _ = check_verification_request(data, case["signer_public_key"], issuer, trusted, name_of,
                                                    face_image)
        else:
            decoded = check_receipt(data, case["signer_public_key"], issuer, trusted,
                                    read(case["verification_request"]), name_of, face_image)
        if decoded != case["decoded"]:
            raise CheckError(f"decodes to {decoded}, the manifest says {case['decoded']}")
        return
    if kind == "trust_list" and case["signer_public_key"] != case["root_public_key"]:
        raise CheckError("an accepted trust list is signed by root_public_key")
    payload = check_object(data, kind, case["signer_public_key"], issuer, trusted)
    decoded = {"trust_list": decode_trust_list, "status_list": decode_status_list}.get(kind)
    if decoded is not None and decoded(payload) != case["decoded"]:
        raise CheckError(f"decodes to {decoded(payload)}, the manifest says {case['decoded']}")


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
            check_case(case, vectors)
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

    def kid_header(key: OKPKey, content_type: int) -> bytes:
        return encode_deterministic({COSE_HEADER_ALG: COSE_ALG_EDDSA, 3: content_type,
                                     COSE_HEADER_KID: key_id(key.x.hex())})

    root = OKPKey.generate_key(crv=Ed25519)
    root_hex = root.x.hex()

    def trust_list_bytes(entries: list) -> bytes:
        payload = encode_deterministic({1: 1, 2: 10, 3: 20, 4: entries})
        return _sign1(payload, root, protected=kid_header(root, 65005))

    def entry(key: OKPKey, kinds: list) -> list:
        return [{1: 1, -1: 6, -2: key.x}, 0, 100, [1, 2], kinds]

    def presentation_through_trust_list_passes() -> None:
        listed = _sign1(claims, issuer, protected=kid_header(issuer, 65001))
        outer = _sign1(encode_deterministic({1: listed}), device)
        decoded, trusted = check_trust_list(trust_list_bytes([entry(issuer, [65001, 65006])]), root_hex, "tl")
        if decoded["issuers"][0]["kinds"] != ["credential", "status_list"] or decoded["sequence"] != 1:
            raise AssertionError(f"decoded {decoded}")
        check_object(outer, "presentation", device_hex, None, trusted)
        # An issuer the list does not name, and a list signed by another root, fail.
        _, others = check_trust_list(trust_list_bytes([entry(other, [65001])]), root_hex, "tl")
        _expect_fail(lambda: check_object(outer, "presentation", device_hex, None, others),
                     "not in the trust list")
        _expect_fail(lambda: check_trust_list(trust_list_bytes([entry(issuer, [65001])]), other_hex, "tl"),
                     "does not verify")

    def trust_list_entry_order_checked() -> None:
        entries = sorted([entry(issuer, [65001]), entry(other, [65001])],
                         key=lambda e: key_id(e[0][-2].hex()), reverse=True)
        _expect_fail(lambda: check_trust_list(trust_list_bytes(entries), root_hex, "tl"), "ascending by key id")

    def status_list_payload(count: int, packed: bytes, tail: bytes = b"") -> dict:
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
        return {1: 7, 2: 10, 3: 20, 4: count, 5: deflater.compress(packed) + deflater.flush() + tail}

    def status_list_decodes() -> None:
        # Entries 0..4: good, revoked, suspended, superseded | revoked; 5 entries, 2 bytes.
        got = decode_status_list(status_list_payload(5, bytes([0b11100100, 0b01])))
        want = {"list_id": 7, "issued_at": 10, "next_update": 20, "count": 5,
                "not_good": {"1": "revoked", "2": "suspended", "3": "superseded", "4": "revoked"}}
        if got != want:
            raise AssertionError(f"decoded {got}")
        # A stored block (RFC 1951 3.2.4) decodes the same.
        stored = dict(status_list_payload(5, b""))
        stored[5] = bytes([1, 2, 0, 0xfd, 0xff, 0b11100100, 0b01])
        if decode_status_list(stored) != want:
            raise AssertionError("stored block decodes differently")

    def status_list_padding_and_length_fail() -> None:
        _expect_fail(lambda: decode_status_list(status_list_payload(5, bytes([0, 0b100]))), "padding")
        _expect_fail(lambda: decode_status_list(status_list_payload(5, bytes([0]))), "packed bytes")
        _expect_fail(lambda: decode_status_list(status_list_payload(5, bytes(2), b"\x00")), "does not end exactly")

    storage_key = bytes(range(32))
    seed = bytes(32)
    device_key = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()

    def sealed_store(contents: dict, key: bytes = storage_key) -> bytes:
        nonce = bytes(12)
        sealed = ChaCha20Poly1305(key).encrypt(nonce, encode_deterministic(contents), WALLET_STORE_AAD)
        return encode_deterministic([WALLET_STORE_VERSION, nonce, sealed])

    def wallet_store_opens() -> None:
        store = sealed_store({1: device_key, 2: seed, 3: [[credential, b"", []]]})
        files = {"credential/x.cbor": credential}
        decoded = {"credentials": ["credential/x.cbor"]}
        check_wallet_store(store, storage_key.hex(), device_key.hex(), files.__getitem__, decoded)
        tampered = bytearray(store)
        tampered[len(store) // 2] ^= 1
        _expect_fail(lambda: check_wallet_store(bytes(tampered), storage_key.hex(), device_key.hex(),
                                                files.__getitem__, decoded), "authentication fails")
        _expect_fail(lambda: check_wallet_store(store, bytes(32).hex(), device_key.hex(),
                                                files.__getitem__, decoded), "authentication fails")
        _expect_fail(lambda: check_wallet_store(store, storage_key.hex(), device_key.hex(),
                                                files.__getitem__, {"credentials": []}), "not exactly the files")
        wrong_seed = sealed_store({1: device_key, 2: bytes([1] * 32), 3: []})
        _expect_fail(lambda: check_wallet_store(wrong_seed, storage_key.hex(), device_key.hex(),
                                                files.__getitem__, {"credentials": []}), "does not derive")

    # Online verification: a credential naming the device key, a presentation disclosing one
    # attribute, a terminal's verification request forwarding it, the service's receipt.
    terminal = OKPKey.generate_key(crv=Ed25519)
    service = OKPKey.generate_key(crv=Ed25519)
    terminal_hex, service_hex = terminal.x.hex(), service.x.hex()

    def okp(key: OKPKey) -> dict:
        return {1: 1, -1: 6, -2: key.x}

    online_credential = _sign1(encode_deterministic({4: 20, 6: 10, 8: {1: okp(device)}, -1: 2}), issuer,
                               protected=kid_header(issuer, 65001))
    name_disclosure = [b"\x07" * 16, 1, "张三"]
    online_presentation = _sign1(encode_deterministic(
        {1: online_credential, 2: [[0, b"\x00" * 64, name_disclosure]], 4: 1767225590}), device,
        protected=kid_header(device, 65002))
    image = b"\xff\xd8\xff live"

    def verification_request(mode: int = 3, signer: OKPKey = terminal, release: list | None = None) -> bytes:
        payload = {1: online_presentation, 2: "bank.example/counter-7", 3: b"\x01" * 16, 4: mode,
                   7: 1767225594, 8: okp(terminal), 10: [1] if release is None else release}
        if mode in (3, 4):
            payload[6] = [hashlib.sha256(image).digest(), 1767225593, "image/jpeg"]
        if mode in (2, 4):
            payload[5] = [b"\x02" * 32, b"\x03" * 24]
        return _sign1(encode_deterministic(payload), signer, protected=kid_header(signer, 65007))

    def receipt(request: bytes, signer: OKPKey = service, released: list | None = None) -> bytes:
        payload = {1: hashlib.sha256(request).digest(), 2: "bank.example/counter-7", 3: 1767225596,
                   4: [[0, 0], [2, 0], [1, 72]], 5: 2, 6: 118, 7: b"\x09" * 16,
                   8: [name_disclosure] if released is None else released}
        return _sign1(encode_deterministic(payload), signer, protected=kid_header(signer, 65008))

    def online_trust(kinds: list) -> TrustedKeys:
        entries = sorted([entry(issuer, [65001]), entry(service, kinds)], key=lambda e: key_id(e[0][-2].hex()))
        return check_trust_list(trust_list_bytes(entries), root_hex, "tl")[1]

    def no_file(_folder: str, embedded: bytes) -> str:
        return embedded.hex()

    def verification_request_and_receipt_pass() -> None:
        request = verification_request()
        decoded, _ = check_verification_request(request, terminal_hex, None, None, no_file, image)
        if decoded["mode"] != 3 or decoded["release"] != ["full_name"] or "face" not in decoded:
            raise AssertionError(f"decoded {decoded}")
        got = check_receipt(receipt(request), service_hex, None, online_trust([65008]), request, no_file, image)
        want = {"verifier_id": "bank.example/counter-7", "checked_at": 1767225596, "identity": "ok",
                "password": "not_performed", "face": "failed:face_mismatch", "level": "upgraded",
                "face_score": 118, "rp_id": "09" * 16, "released": {"full_name": "张三"}}
        if got != want:
            raise AssertionError(f"decoded {got}")

    def verification_request_checks_fail() -> None:
        request = verification_request()
        _expect_fail(lambda: check_verification_request(verification_request(signer=other), other.x.hex(), None,
                                                        None, no_file, image), "not signer_public_key")
        _expect_fail(lambda: check_verification_request(request, terminal_hex, None, None, no_file, b"other"),
                     "does not hash")
        mode_without_face = encode_deterministic(
            {**cbor2.loads(cbor2.loads(request).value[2]), 4: 1})
        _expect_fail(lambda: check_verification_request(
            _sign1(mode_without_face, terminal, protected=kid_header(terminal, 65007)), terminal_hex, None, None,
            no_file, None), "does not fit mode 1")
        _expect_fail(lambda: check_verification_request(request, terminal_hex, other_hex, None, no_file, image),
                     "forwarded credential: signature does not verify")

    def receipt_checks_fail() -> None:
        request = verification_request()
        trusted = online_trust([65008])
        _expect_fail(lambda: check_receipt(receipt(request), service_hex, None, online_trust([65006]), request,
                                           no_file, image), "not allow this key to sign receipts")
        _expect_fail(lambda: check_receipt(receipt(verification_request(mode=4)), service_hex, None, trusted,
                                           request, no_file, image), "SHA-256 of the verification request")
        foreign = [b"\x08" * 16, 6, "110101199003070011"]
        _expect_fail(lambda: check_receipt(receipt(request, released=[foreign]), service_hex, None, trusted,
                                           request, no_file, image), "no disclosure of the forwarded presentation")
        _expect_fail(lambda: check_receipt(receipt(request, signer=other), other_hex, None, trusted, request,
                                           no_file, image), "not in the trust list")

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
        ("presentation through a trust list passes, others fail", presentation_through_trust_list_passes),
        ("trust list entry order is checked", trust_list_entry_order_checked),
        ("status list decodes (compressed and stored)", status_list_decodes),
        ("status list padding and lengths fail", status_list_padding_and_length_fail),
        ("wallet store opens; tampering, wrong key or seed fail", wallet_store_opens),
        ("verification request and receipt pass", verification_request_and_receipt_pass),
        ("verification request: wrong terminal key, image, mode or issuer fail", verification_request_checks_fail),
        ("receipt: key not for receipts, other request, foreign release, unknown key fail", receipt_checks_fail),
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
