"""Shared fixtures of the Python binding tests: the vectors, a person, an issued credential."""

import json
import os
import pathlib

import pytest

import wangzheng as wz

#: 2026-01-01T00:00:00Z, the vectors' "now".
NOW = 1767225600

ROOT = pathlib.Path(os.environ.get("WZ_ROOT", pathlib.Path(__file__).resolve().parents[3]))
VECTORS = ROOT / "tests" / "vectors"


def vector(rel: str) -> bytes:
    return (VECTORS / rel).read_bytes()


@pytest.fixture(scope="session")
def manifest():
    return json.loads((VECTORS / "manifest.json").read_text(encoding="utf-8"))


def zhang_san(**changes) -> wz.Person:
    fields = dict(
        full_name="张三",
        sex=wz.Sex.MALE,
        ethnicity=1,
        birth_date=wz.CalendarDate(year=1990, month=3, day=7),
        address="北京市东城区景山前街4号",
        id_number="110101199003070011",
        issuing_authority="北京市公安局东城分局",
        card_valid_from=wz.CalendarDate(year=2020, month=1, day=1),
        card_valid_until=wz.CalendarDate(year=2040, month=1, day=1),
        portrait=None,
        extras=[],
    )
    fields.update(changes)
    return wz.Person(**fields)


def options(**changes) -> wz.IssueOptions:
    fields = dict(
        proven_level=wz.Level.LIGHT,
        generation=1,
        age_thresholds=[18],
        status_list_id=None,
        status_index=0,
    )
    fields.update(changes)
    return wz.IssueOptions(**fields)


def policy(**changes) -> wz.Policy:
    p = wz.default_policy()
    for k, v in changes.items():
        setattr(p, k, v)
    return p


@pytest.fixture()
def issuer():
    return wz.Issuer.from_seed(bytes([1] * 32))


def receive(wallet: wz.Wallet, issuer: wz.Issuer, opts=None, now=NOW) -> wz.HeldCredential:
    """Issues 张三's credential to `wallet` and stores it."""
    nonce = issuer.new_nonce()
    request = wallet.issuance_request(wz.Level.LIGHT, nonce, now)
    issued = issuer.issue(request, nonce, zhang_san(), opts or options(), now)
    return wallet.store(issued.package, issuer.public_key(), now)
