// WangzhengError as Swift sees it: one case per code, `code` and `reason`, and the errors that
// have no wire form (API misuse, the wallet store, the device key).
import Foundation
import XCTest
import Wangzheng

final class ErrorTests: XCTestCase {
    func testErrorTableIsCompleteAndCodeHelperAgrees() {
        XCTAssertEqual(errorTable.count, 32)
        XCTAssertEqual(Set(errorTable.map(\.code)).count, errorTable.count, "codes are distinct")
        XCTAssertEqual(Set(errorTable.map(\.name)).count, errorTable.count, "names are distinct")
        // Build each case from its number through the table and check the helpers and that
        // exactly one table entry matches it.
        let samples: [WangzhengError] = [
            .Malformed(code: 1, reason: "r1"), .NonCanonical(code: 2, reason: "r2"), .TooLarge(code: 3, reason: "r3"),
            .Unsupported(code: 4, reason: "r4"), .WrongKind(code: 5, reason: "r5"), .BadSignature(code: 10, reason: "r10"),
            .WeakKey(code: 11, reason: "r11"), .UnknownIssuer(code: 12, reason: "r12"),
            .DeviceKeyMismatch(code: 13, reason: "r13"), .NotYetValid(code: 20, reason: "r20"),
            .Expired(code: 21, reason: "r21"), .StalePresentation(code: 22, reason: "r22"),
            .Replayed(code: 23, reason: "r23"), .LevelTooLow(code: 30, reason: "r30"),
            .MissingAttribute(code: 31, reason: "r31"), .DisclosureMismatch(code: 32, reason: "r32"),
            .AudienceMismatch(code: 40, reason: "r40"), .NonceMismatch(code: 41, reason: "r41"),
            .RequestMismatch(code: 42, reason: "r42"), .Revoked(code: 50, reason: "r50"),
            .Suspended(code: 51, reason: "r51"), .Superseded(code: 52, reason: "r52"),
            .StatusUnavailable(code: 53, reason: "r53"), .TrustListStale(code: 60, reason: "r60"),
            .PasswordWrong(code: 70, reason: "r70"), .PasswordLocked(code: 71, reason: "r71"),
            .FaceMismatch(code: 72, reason: "r72"), .ReceiptMismatch(code: 73, reason: "r73"),
            .UnknownCredential(code: 74, reason: "r74"), .CorruptStore(code: 80, reason: "r80"),
            .InvalidArgument(code: 90, reason: "r90"), .SignerFailed(code: 91, reason: "r91"),
        ]
        XCTAssertEqual(samples.count, errorTable.count)
        for e in samples {
            let entries = errorTable.filter { $0.matches(e) }
            XCTAssertEqual(entries.count, 1, "\(e)")
            XCTAssertEqual(entries.first?.code, e.code, "\(e)")
            XCTAssertEqual(e.reason, "r\(e.code)")
        }
    }

    func testThrownErrorsCarryTheirCodeAndReason() throws {
        do {
            _ = try qrDecode(text: "WZ1:%%%")
            XCTFail("no error")
        } catch let e as WangzhengError {
            guard case .Malformed(let code, let reason) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(code, 1)
            XCTAssertEqual(e.code, 1)
            XCTAssertEqual(e.reason, reason)
            XCTAssertFalse(reason.isEmpty)
            XCTAssertEqual(reason, reason.lowercased())
            XCTAssertNotNil(e.errorDescription)
        }
    }

    func testInvalidArguments() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        try issue(to: wallet, by: issuer)
        assertThrows("invalid_argument", "unknown attribute") { try wallet.present(disclose: ["favourite colour"], now: now) }
        assertThrows("invalid_argument", "repeated attribute") { try wallet.present(disclose: ["full_name", "full_name"], now: now) }
        assertThrows("invalid_argument", "age_over_0") { try wallet.presentQr(disclose: ["age_over_0"], now: now) }
        assertThrows("invalid_argument", "unknown required attribute") {
            var policy = defaultPolicy()
            policy.required = ["no such attribute"]
            return try Verifier(policy: policy)
        }
        assertThrows("invalid_argument", "replay capacity 0") {
            var policy = defaultPolicy()
            policy.replayCapacity = 0
            return try Verifier(policy: policy)
        }
        assertThrows("invalid_argument", "31-byte signer key") { try Wallet(signer: ShortKeySigner()) }
        assertThrows("invalid_argument", "31-byte issuer seed") { try Issuer.fromSeed(seed: Data(count: 31)) }
        assertThrows("invalid_argument", "31-byte signer seed") { try softwareSignerFromSeed(seed: Data(count: 31)) }
        assertThrows("invalid_argument", "15-byte nonce") { try wallet.issuanceRequest(level: .light, nonce: Data(count: 15), now: now) }
        assertThrows("invalid_argument", "31-byte storage key") { try wallet.export(storageKey: Data(count: 31)) }
        let verifier = try Verifier(policy: defaultPolicy())
        assertThrows("invalid_argument", "31-byte issuer key") { try verifier.addIssuerKey(issuerPublicKey: Data(count: 31)) }
        assertThrows("invalid_argument", "empty verifier id") {
            try verifier.createRequest(params: RequestParams(verifierId: "", minLevel: .light), terminal: generateSoftwareSigner(), now: now)
        }
        assertThrows("invalid_argument", "status index out of range") {
            try issuer.signStatusList(
                listId: 1, count: 64, entries: [StatusEntry(index: 64, state: .revoked)], issuedAt: now, nextUpdate: now + 60)
        }
        assertThrows("invalid_argument", "age threshold that does not fit") {
            let nonce = try issuer.newNonce()
            return try issuer.issue(
                request: wallet.issuanceRequest(level: .light, nonce: nonce, now: now), nonce: nonce, person: zhangSan,
                options: IssueOptions(provenLevel: .light, ageThresholds: [256 + 18]), now: now)
        }
        // An all-zero key is the identity point: small order.
        assertThrows("weak_key") { try verifier.addIssuerKey(issuerPublicKey: Data(count: 32)) }
        // A malformed credential id removes nothing rather than throwing.
        XCTAssertFalse(wallet.remove(credentialId: Data(count: 3)))
        XCTAssertEqual(wallet.credentials().count, 1)
    }

    func testRestoreErrors() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        try issue(to: wallet, by: issuer)
        let key = try generateStorageKey()
        let store = try wallet.export(storageKey: key)

        assertThrows("corrupt_store", "garbage") {
            try Wallet.restore(store: Data("not a wallet store at all, just some text".utf8), storageKey: key, signer: nil)
        }
        var flipped = store
        flipped[flipped.count / 2] ^= 0x80
        assertThrows("corrupt_store", "one bit flipped") { try Wallet.restore(store: flipped, storageKey: key, signer: nil) }
        assertThrows("corrupt_store", "another storage key") {
            try Wallet.restore(store: store, storageKey: generateStorageKey(), signer: nil)
        }
        assertThrows("invalid_argument", "31-byte storage key") {
            try Wallet.restore(store: store, storageKey: Data(count: 31), signer: nil)
        }

        // A keystore wallet restored with another device's signer.
        let signer = try SwiftSigner()
        let platform = try Wallet(signer: signer)
        try issue(to: platform, by: issuer)
        let platformStore = try platform.export(storageKey: key)
        assertThrows("device_key_mismatch") {
            try Wallet.restore(store: platformStore, storageKey: key, signer: SwiftSigner())
        }
        XCTAssertNoThrow(try Wallet.restore(store: platformStore, storageKey: key, signer: signer))
    }
}
