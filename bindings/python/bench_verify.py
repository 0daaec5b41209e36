"""The per-call cost of `Verifier.verify` from Python, measured like core/examples/verify_cost.rs
(the Rust figure) and the Kotlin bench: internet-cafe.cbor with its pinned issuer key, 5 rounds
of 2,000 calls after a warm-up, the median round in µs per call. Run by
`bash scripts/test-python.sh bench` (and scripts/binding-cost.sh) against the installed wheel."""

import os
import pathlib
import statistics
import time

import wangzheng as wz

ROOT = pathlib.Path(os.environ.get("WZ_ROOT", pathlib.Path(__file__).resolve().parents[2]))
ISSUER = bytes.fromhex("d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737")
NOW = 1767225600
ROUNDS, CALLS = 5, 2000


def main() -> None:
    presentation = (ROOT / "tests/vectors/presentation/internet-cafe.cbor").read_bytes()
    verifier = wz.Verifier(wz.default_policy())
    verifier.add_issuer_key(ISSUER)
    for _ in range(CALLS):
        verifier.verify(presentation, NOW)
    rounds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(CALLS):
            verifier.verify(presentation, NOW)
        rounds.append((time.perf_counter() - start) * 1e6 / CALLS)
    print(f"python verify: {statistics.median(rounds):.1f} us/call (median of {ROUNDS} x {CALLS})")


if __name__ == "__main__":
    main()
