"""Tests of the Python binding (bindings/python): the installed wheel, called as an app would.

They test the binding — values crossing the boundary, errors arriving as `WangzhengError`
subclasses with their codes, the foreign signer, objects, threads — not the Rust logic again.
"""

import concurrent.futures
import gc
import os
import pathlib
import weakref

import pytest

import wangzheng as wz
from conftest import NOW, VECTORS, options, policy, receive, vector, zhang_san

#: Every error variant with its stable code (docs/FORMAT.md, "Errors").
CODES = {
    "malformed": (wz.WangzhengError.Malformed, 1),
    "non_canonical": (wz.WangzhengError.NonCanonical, 2),
    "too_large": (wz.WangzhengError.TooLarge, 3),
    "unsupported": (wz.WangzhengError.Unsupported, 4),
    "wrong_kind": (wz.WangzhengError.WrongKind, 5),
    "bad_signature": (wz.WangzhengError.BadSignature, 10),
    "weak_key": (wz.WangzhengError.WeakKey, 11),
    "unknown_issuer": (wz.WangzhengError.UnknownIssuer, 12),
    "device_key_mismatch": (wz.WangzhengError.DeviceKeyMismatch, 13),
    "not_yet_valid": (wz.WangzhengError.NotYetValid, 20),
    "expired": (wz.WangzhengError.Expired, 21),
    "stale_presentation": (wz.WangzhengError.StalePresentation, 22),
    "replayed": (wz.WangzhengError.Replayed, 23),
    "level_too_low": (wz.WangzhengError.LevelTooLow, 30),
    "missing_attribute": (wz.WangzhengError.MissingAttribute, 31),
    "disclosure_mismatch": (wz.WangzhengError.DisclosureMismatch, 32),
    "audience_mismatch": (wz.WangzhengError.AudienceMismatch, 40),
    "nonce_mismatch": (wz.WangzhengError.NonceMismatch, 41),
    "request_mismatch": (wz.WangzhengError.RequestMismatch, 42),
    "revoked": (wz.WangzhengError.Revoked, 50),
    "suspended": (wz.WangzhengError.Suspended, 51),
    "superseded": (wz.WangzhengError.Superseded, 52),
    "status_unavailable": (wz.WangzhengError.StatusUnavailable, 53),
    "trust_list_stale": (wz.WangzhengError.TrustListStale, 60),
    "password_wrong": (wz.WangzhengError.PasswordWrong, 70),
    "password_locked": (wz.WangzhengError.PasswordLocked, 71),
    "face_mismatch": (wz.WangzhengError.FaceMismatch, 72),
    "receipt_mismatch": (wz.WangzhengError.ReceiptMismatch, 73),
    "unknown_credential": (wz.WangzhengError.UnknownCredential, 74),
    "corrupt_store": (wz.WangzhengError.CorruptStore, 80),
    "invalid_argument": (wz.WangzhengError.InvalidArgument, 90),
    "signer_failed": (wz.WangzhengError.SignerFailed, 91),
}


def raises(name):
    """`pytest.raises` for the variant of error `name`, also checking its code afterwards."""
    cls, code = CODES[name]

    class _Check:
        def __enter__(self):
            self._ctx = pytest.raises(cls)
            self.info = self._ctx.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self._ctx.__exit__(*exc)
            assert self.info.value.code == code, f"{name}: code {self.info.value.code}"
            assert isinstance(self.info.value, wz.WangzhengError)
            return handled

    return _Check()


class DelegatingSigner(wz.DeviceSigner):
    """A Python `DeviceSigner`, as an app would write one around its keystore: here it keeps
    the key in a library software signer and counts the calls that cross the boundary."""

    def __init__(self, seed: bytes):
        self._key = wz.software_signer_from_seed(seed)
        self.calls = 0

    def public_key(self) -> bytes:
        return self._key.public_key()

    def sign(self, message: bytes) -> bytes:
        self.calls += 1
        assert isinstance(message, bytes) and len(message) > 0
        return self._key.sign(message)


class RefusingSigner(DelegatingSigner):
    """A keystore whose user cancelled: raises the binding error, or something else."""

    def __init__(self, seed: bytes, error: Exception):
        super().__init__(seed)
        self.error = error

    def sign(self, message: bytes) -> bytes:
        raise self.error


# --- the main flow -----------------------------------------------------------------------------


def test_version_is_the_crate_version():
    assert wz.version() == "0.1.0"


def test_wallet_presents_and_verifier_accepts(issuer):
    wallet = wz.Wallet.with_software_key()
    held = receive(wallet, issuer)
    assert held.level == wz.Level.LIGHT
    assert len(held.credential_id) == 16
    assert set(held.attributes) >= {"full_name", "id_number", "age_over_18"}

    verifier = wz.Verifier(policy(required=["full_name"]))
    verifier.add_issuer_key(issuer.public_key())
    presentation = wallet.present(["full_name", "age_over_18"], NOW)
    v = verifier.verify(presentation, NOW + 5)
    assert v.level == wz.Level.LIGHT
    assert v.credential_id == held.credential_id
    assert v.status_check == wz.StatusCheck.NOT_PUBLISHED
    got = {a.name: a.value for a in v.attributes}
    assert got == {
        "full_name": wz.AttributeValue.TEXT(value="张三"),
        "age_over_18": wz.AttributeValue.BOOL(value=True),
    }


def test_every_value_type_crosses_the_boundary(issuer):
    wallet = wz.Wallet.with_software_key()
    receive(wallet, issuer)
    verifier = wz.Verifier(policy())
    verifier.add_issuer_key(issuer.public_key())
    names = ["sex", "ethnicity", "birth_date", "card_validity", "address"]
    v = verifier.verify(wallet.present(names, NOW), NOW)
    got = {a.name: a.value for a in v.attributes}
    assert got["sex"] == wz.AttributeValue.SEX(value=wz.Sex.MALE)
    assert got["ethnicity"] == wz.AttributeValue.ETHNICITY(code=1)
    assert got["birth_date"] == wz.AttributeValue.DATE(value=wz.CalendarDate(year=1990, month=3, day=7))
    assert got["card_validity"] == wz.AttributeValue.CARD_VALIDITY(
        _from=wz.CalendarDate(year=2020, month=1, day=1),
        until=wz.CalendarDate(year=2040, month=1, day=1),
    )
    assert got["address"].value == "北京市东城区景山前街4号"


def test_qr_scan_is_accepted_once(issuer):
    wallet = wz.Wallet.with_software_key()
    receive(wallet, issuer)
    verifier = wz.Verifier(policy())
    verifier.add_issuer_key(issuer.public_key())
    text = wallet.present_qr([], NOW)
    assert text.startswith("WZ1:")
    assert verifier.verify_qr(text, NOW).attributes == []
    assert verifier.replay_cache_len() == 1
    with raises("replayed"):
        verifier.verify_qr(text, NOW + 1)
    with raises("malformed"):
        verifier.verify_qr("WZ1:not base45 ~~~", NOW)


def test_interactive_request_and_response(issuer):
    wallet = wz.Wallet.with_software_key()
    receive(wallet, issuer)
    terminal = wz.software_signer_from_seed(bytes([5] * 32))
    verifier = wz.Verifier(policy(audience="hotel-7/front-desk"))
    verifier.add_issuer_key(issuer.public_key())
    params = wz.RequestParams(
        verifier_id="hotel-7/front-desk",
        requested=["full_name", "id_number"],
        min_level=wz.Level.LIGHT,
        max_age_seconds=120,
    )
    request = verifier.create_request(params, terminal, NOW)
    response = wallet.respond(request, NOW + 2)
    v = verifier.verify_response(response, request, NOW + 3)
    assert v.audience == "hotel-7/front-desk"
    assert sorted(a.name for a in v.attributes) == ["full_name", "id_number"]
    other = verifier.create_request(params, terminal, NOW)
    with raises("nonce_mismatch"):
        verifier.verify_response(response, other, NOW + 3)


# --- the foreign signer ------------------------------------------------------------------------


def test_python_signer_makes_accepted_presentations(issuer):
    signer = DelegatingSigner(bytes([3] * 32))
    wallet = wz.Wallet(signer)
    assert wallet.device_public_key() == signer.public_key()
    receive(wallet, issuer)
    assert signer.calls == 1  # the issuance request
    verifier = wz.Verifier(policy())
    verifier.add_issuer_key(issuer.public_key())
    verifier.verify(wallet.present(["full_name"], NOW), NOW)
    assert signer.calls == 2


@pytest.mark.parametrize(
    "error",
    [
        wz.WangzhengError.SignerFailed(91, "user cancelled"),
        ValueError("keystore exploded: secret detail"),
    ],
)
def test_failing_signer_is_signer_failed_and_changes_nothing(issuer, error):
    good = DelegatingSigner(bytes([4] * 32))
    wallet = wz.Wallet(good)
    receive(wallet, issuer)
    store_key = wz.generate_storage_key()
    store = wallet.export(store_key)
    refusing = RefusingSigner(bytes([4] * 32), error)
    wallet = wz.Wallet.restore(store, store_key, refusing)
    with raises("signer_failed") as info:
        wallet.present(["full_name"], NOW)
    assert "secret" not in str(info.value)
    assert len(wallet.credentials()) == 1


def test_signer_with_a_bad_key_is_refused():
    class Short(DelegatingSigner):
        def public_key(self):
            return bytes(31)

    class Locked(DelegatingSigner):
        def public_key(self):
            raise RuntimeError("keystore locked: secret detail")

    with raises("invalid_argument"):
        wz.Wallet(Short(bytes(32)))
    with raises("signer_failed") as info:
        wz.Wallet(Locked(bytes(32)))
    assert "secret" not in str(info.value)


# --- errors -------------------------------------------------------------------------------------


def _presentation_cases(manifest):
    return [c for c in manifest["cases"] if c["kind"] == "presentation"]


def _case_policy(case):
    p = policy()
    for field, value in (case.get("policy") or {}).items():
        if field == "min_level":
            p.min_level = {"light": wz.Level.LIGHT, "upgraded": wz.Level.UPGRADED}[value]
        elif field == "required":
            p.required = list(value)
        elif field == "audience":
            p.audience = value
        elif field == "undetermined_status":
            p.accept_undetermined_status = value == "accept"
        elif field == "accept_stale_trust_list":
            p.accept_stale_trust_list = bool(value)
        else:
            raise AssertionError(f"{case['name']}: unknown policy field {field}")
    return p


def _case_verifier(case):
    p = _case_policy(case)
    if "trust_list" in case:
        v = wz.Verifier.with_trust_list(p, bytes.fromhex(case["root_public_key"]), vector(case["trust_list"]))
    else:
        v = wz.Verifier(p)
        v.add_issuer_key(bytes.fromhex(case["issuer_public_key"]))
    for status_list in case.get("status_lists", []):
        v.update_status_list(vector(status_list), case["now"])
    return v


def _run_case(case):
    v = _case_verifier(case)
    bytes_ = vector(case["file"])
    now = case["now"]
    if "request" in case:
        request = vector(case["request"])
        result = v.verify_response(bytes_, request, now)
        if case.get("replay"):
            result = v.verify_response(bytes_, request, now)
    elif case.get("replay"):
        v.verify_once(bytes_, now)
        result = v.verify_once(bytes_, now)
    else:
        result = v.verify(bytes_, now)
    return result


def test_every_presentation_vector(manifest):
    cases = _presentation_cases(manifest)
    assert len(cases) >= 40
    seen = set()
    for case in cases:
        if case["expect"] == "accept":
            v = _run_case(case)
            assert v.level.name.lower() == case["level"], case["name"]
            assert sorted(a.name for a in v.attributes) == sorted(case["disclosed"]), case["name"]
        else:
            name = case["error"]
            with raises(name):
                _run_case(case)
            seen.add(name)
    # The wire-visible codes the presentation vectors cover arrive as their own variants.
    assert len(seen) >= 20, seen


def test_receipt_vectors(manifest):
    cases = [c for c in manifest["cases"] if c["kind"] == "receipt"]
    assert cases
    for case in cases:
        v = wz.Verifier.with_trust_list(policy(), bytes.fromhex(case["root_public_key"]), vector(case["trust_list"]))
        receipt, request = vector(case["file"]), vector(case["verification_request"])
        if case["expect"] == "accept":
            r = v.verify_receipt(receipt, request, case["now"])
            d = case["decoded"]
            assert r.checked_at == d["checked_at"], case["name"]
            assert r.verifier_id == d["verifier_id"], case["name"]
            assert (r.rp_id.hex() if r.rp_id else None) == d.get("rp_id"), case["name"]
            assert {a.name: a.value.value for a in r.attributes} == d.get("released", {}), case["name"]
            assert r.identity.is_passed() == (d["identity"] == "ok"), case["name"]
            if d.get("password", "").startswith("failed:"):
                cls, code = CODES[d["password"].split(":", 1)[1]]
                assert isinstance(r.password, wz.Factor.FAILED), case["name"]
                assert isinstance(r.password.error, cls) and r.password.error.code == code
            assert r.all_passed == all(
                not d.get(f, "").startswith("failed:") for f in ("identity", "password", "face")
            ), case["name"]
        else:
            with raises(case["error"]):
                v.verify_receipt(receipt, request, case["now"])


def test_errors_beyond_the_wire(issuer):
    wallet = wz.Wallet.with_software_key()
    receive(wallet, issuer)
    with raises("invalid_argument"):
        wallet.present(["shoe_size"], NOW)
    with raises("invalid_argument"):
        wz.Verifier(policy()).add_issuer_key(bytes(31))
    with raises("invalid_argument"):
        wz.Verifier(policy(required=["full_name", "nope"]))
    with raises("weak_key"):
        wz.Verifier(policy()).add_issuer_key(bytes(32))  # the identity point: small order
    with raises("missing_attribute"):
        wallet.present(["portrait"], NOW)
    with raises("expired"):
        wallet.present([], NOW + 400 * 86400)
    with raises("corrupt_store"):
        wz.Wallet.restore(b"\x00" * 80, wz.generate_storage_key(), None)
    key = wz.generate_storage_key()
    store = wallet.export(key)
    with raises("device_key_mismatch"):
        wz.Wallet.restore(store, key, DelegatingSigner(bytes([8] * 32)))
    with raises("unknown_issuer"):
        wz.Verifier(policy()).verify(wallet.present([], NOW), NOW)
    verifier = wz.Verifier(policy(min_level=wz.Level.UPGRADED))
    verifier.add_issuer_key(issuer.public_key())
    with raises("level_too_low"):
        verifier.verify(wallet.present([], NOW), NOW)


def test_error_messages_carry_no_personal_data(issuer):
    wallet = wz.Wallet.with_software_key()
    receive(wallet, issuer)
    with pytest.raises(wz.WangzhengError) as info:
        wz.Verifier(policy()).verify(wallet.present(["full_name", "id_number"], NOW), NOW)
    text = str(info.value) + repr(info.value)
    assert "张三" not in text and "110101199003070011" not in text


def test_records_never_print_personal_data(issuer):
    wallet = wz.Wallet.with_software_key()
    nonce = issuer.new_nonce()
    issued = issuer.issue(wallet.issuance_request(wz.Level.LIGHT, nonce, NOW), nonce, zhang_san(), options(), NOW)
    held = wallet.store(issued.package, issuer.public_key(), NOW)
    verifier = wz.Verifier(policy())
    verifier.add_issuer_key(issuer.public_key())
    v = verifier.verify(wallet.present(["full_name", "id_number", "address"], NOW), NOW)
    secrets = ["张三", "110101199003070011", "北京市东城区景山前街4号", "北京市公安局东城分局"]
    shown = [repr(v), str(v), repr(zhang_san()), repr(issued), repr(held)]
    shown += [repr(a) for a in v.attributes] + [repr(a.value) for a in v.attributes]
    for text in shown:
        assert not any(s in text for s in secrets), text
    assert "full_name" in repr(v)
    # Equality and hashing are Rust's: by content.
    assert wallet.credentials() == wallet.credentials()
    assert hash(wallet.credentials()[0]) == hash(held)


# --- state: export, status, batch ---------------------------------------------------------------


def test_export_and_restore_round_trip(issuer):
    wallet = wz.Wallet.with_software_key()
    held = receive(wallet, issuer)
    key = wz.generate_storage_key()
    store = wallet.export(key)
    assert store != wallet.export(key)  # a fresh nonce each time
    again = wz.Wallet.restore(store, key, None)
    assert again.device_public_key() == wallet.device_public_key()
    assert again.credentials() == [held]
    tampered = bytearray(store)
    tampered[len(tampered) // 2] ^= 1
    with raises("corrupt_store"):
        wz.Wallet.restore(bytes(tampered), key, None)

    signer = DelegatingSigner(bytes([6] * 32))
    platform = wz.Wallet(signer)
    receive(platform, issuer)
    store = platform.export(key)
    with raises("invalid_argument"):
        wz.Wallet.restore(store, key, None)  # a keystore wallet's store holds no key
    assert len(wz.Wallet.restore(store, key, signer).credentials()) == 1


def test_status_update_deletes_a_revoked_credential(issuer):
    wallet = wz.Wallet.with_software_key()
    held = receive(wallet, issuer, options(status_list_id=7, status_index=3))
    verifier = wz.Verifier(policy())
    verifier.add_issuer_key(issuer.public_key())
    suspended = issuer.sign_status_list(
        7, 64, [wz.StatusEntry(index=3, state=wz.CredentialState.SUSPENDED)], NOW, NOW + 86400
    )
    changes = wallet.apply_status(suspended, verifier, NOW + 10)
    assert changes == [wz.StatusChange(credential_id=held.credential_id, outcome=wz.StatusOutcome.SUSPENDED, deleted=False)]
    assert len(wallet.credentials()) == 1
    revoked = issuer.sign_status_list(
        7, 64, [wz.StatusEntry(index=3, state=wz.CredentialState.REVOKED)], NOW + 20, NOW + 86400
    )
    assert verifier.update_status_list(revoked, NOW + 30) is True
    presentation = wallet.present([], NOW + 30)
    with raises("revoked"):
        verifier.verify(presentation, NOW + 30)
    changes = wallet.apply_status(revoked, verifier, NOW + 30)
    assert [c.outcome for c in changes] == [wz.StatusOutcome.REVOKED] and changes[0].deleted
    assert wallet.credentials() == []
    with raises("bad_signature"):
        wallet.apply_status(revoked[:-1] + bytes([revoked[-1] ^ 1]), verifier, NOW)


def test_batch_verdicts_equal_single_verdicts(manifest):
    key = bytes.fromhex("d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737")
    cases = [
        c for c in _presentation_cases(manifest)
        if c.get("issuer_public_key") == key.hex() and "request" not in c and "policy" not in c
        and not c.get("replay") and c["now"] == NOW
    ]
    assert len(cases) >= 10
    verifier = wz.Verifier(policy())
    verifier.add_issuer_key(key)
    items = [vector(c["file"]) for c in cases] + [b"", b"\xa0"]
    verdicts = verifier.verify_batch(items, NOW)
    assert len(verdicts) == len(items)
    for item, verdict in zip(items, verdicts):
        try:
            single = wz.BatchVerdict.ACCEPTED(presentation=verifier.verify(item, NOW))
        except wz.WangzhengError as e:
            single = wz.BatchVerdict.REFUSED(error=e)
        if isinstance(single, wz.BatchVerdict.ACCEPTED):
            assert verdict == single
        else:
            assert isinstance(verdict, wz.BatchVerdict.REFUSED)
            assert type(verdict.error) is type(single.error) and verdict.error.code == single.error.code


# --- values and objects -------------------------------------------------------------------------


def test_bytes_round_trip_exactly():
    for data in (b"", bytes(range(256)), bytes(range(256))[::-1] * 3, b"\x00" * 7):
        text = wz.qr_encode(data)
        assert isinstance(text, str)
        assert wz.qr_decode(text) == data
    with raises("malformed"):
        wz.qr_decode("not a wangzheng code")


def test_wrong_argument_types_are_python_errors_not_crashes():
    with pytest.raises(TypeError):
        wz.qr_encode("text, not bytes")
    with pytest.raises(TypeError):
        wz.Issuer.from_seed(None)


def test_objects_are_freed():
    wallet = wz.Wallet.with_software_key()
    verifier = wz.Verifier(policy())
    refs = [weakref.ref(wallet), weakref.ref(verifier)]
    del wallet, verifier
    gc.collect()
    assert all(r() is None for r in refs)


def test_concurrent_use_from_threads(issuer):
    wallet = wz.Wallet.with_software_key()
    receive(wallet, issuer)
    verifier = wz.Verifier(policy())
    verifier.add_issuer_key(issuer.public_key())

    def work(i):
        p = wallet.present(["full_name"] if i % 2 else [], NOW + i % 30)
        assert verifier.verify(p, NOW + 30).credential_id is not None
        try:
            verifier.verify_once(p, NOW + 30)
            return "first"
        except wz.WangzhengError.Replayed:
            return "replayed"

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(work, range(200)))
    # Ed25519 is deterministic: equal (attributes, time) pairs give equal presentations. Each
    # distinct one is accepted exactly once, whichever thread shows it first.
    distinct = len({(i % 2, i % 30) for i in range(200)})
    assert outcomes.count("first") == distinct
    assert outcomes.count("replayed") == 200 - distinct
    assert verifier.replay_cache_len() == distinct


# --- the package ---------------------------------------------------------------------------------


def test_installed_wheel_is_the_committed_generated_module():
    installed = pathlib.Path(wz.__file__).resolve()
    assert "site-packages" in str(installed), installed
    module = installed.parent / "wangzheng.py"
    committed = VECTORS.parent.parent / "bindings" / "python" / "generated" / "wangzheng.py"
    body = committed.read_text(encoding="utf-8").split("\n", 2)[2]  # without the banner
    assert module.read_text(encoding="utf-8") == body
    assert (installed.parent / "libwangzheng.so").exists()
