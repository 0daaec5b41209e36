// The wallet, issuer and verifier flows through the Swift binding: what an app sees.
import Foundation
import XCTest
import Wangzheng

final class FlowTests: XCTestCase {
    func testIssueStorePresentVerify() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        let (issued, held) = try issue(to: wallet, by: issuer)
        XCTAssertEqual(held.credentialId, issued.credentialId)
        XCTAssertEqual(held.credentialId.count, 16)
        XCTAssertEqual(held.level, .light)
        XCTAssertEqual(held.generation, 1)
        XCTAssertEqual(held.expiresAt, issued.expiresAt)
        XCTAssertNil(held.statusListId)
        XCTAssertTrue(held.attributes.contains("full_name"))
        XCTAssertTrue(held.attributes.contains("age_over_18"))
        XCTAssertEqual(wallet.credentials(), [held])

        let presentation = try wallet.present(disclose: ["full_name", "age_over_18", "birth_date", "sex"], now: now)
        let verifier = try makeVerifier(pinning: issuer)
        let v = try verifier.verify(presentation: presentation, now: now + 5)
        XCTAssertEqual(v.level, .light)
        XCTAssertEqual(v.credentialId, issued.credentialId)
        XCTAssertEqual(v.presentedAt, now)
        XCTAssertEqual(v.statusCheck, .notPublished)
        XCTAssertNil(v.audience)
        XCTAssertEqual(v.attributes.count, 4)
        XCTAssertEqual(byName(v.attributes), [
            "full_name": .text(value: "张三"),
            "age_over_18": .bool(value: true),
            "birth_date": .date(value: CalendarDate(year: 1990, month: 3, day: 7)),
            "sex": .sex(value: .male),
        ])

        // Nothing disclosed: "I am me" and nothing else.
        let bare = try verifier.verify(presentation: wallet.present(disclose: [], now: now), now: now)
        XCTAssertEqual(bare.attributes, [])
        XCTAssertEqual(bare.credentialId, issued.credentialId)
    }

    func testPresentQrRoundTripAndReplay() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        try issue(to: wallet, by: issuer)
        let verifier = try makeVerifier(pinning: issuer)

        let qr = try wallet.presentQr(disclose: ["age_over_18"], now: now)
        XCTAssertTrue(qr.hasPrefix("WZ1:"), qr)
        XCTAssertEqual(qrEncode(object: try qrDecode(text: qr)), qr)
        XCTAssertEqual(verifier.replayCacheLen(), 0)
        let v = try verifier.verifyQr(text: qr, now: now + 1)
        XCTAssertEqual(v.attributes, [Attribute(name: "age_over_18", value: .bool(value: true))])
        XCTAssertEqual(verifier.replayCacheLen(), 1)
        // A photo of the same QR code.
        assertThrows("replayed") { try verifier.verifyQr(text: qr, now: now + 2) }
        // Plain `verify` does not consult the replay cache.
        XCTAssertNoThrow(try verifier.verify(presentation: qrDecode(text: qr), now: now + 2))
        // Too late: past the default two minutes (and the clock skew).
        let late = try wallet.presentQr(disclose: [], now: now)
        assertThrows("stale_presentation") { try verifier.verifyQr(text: late, now: now + 1000) }
        assertThrows("malformed") { try verifier.verifyQr(text: "not a wangzheng code", now: now) }
    }

    func testRespondToRequest() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        let (issued, _) = try issue(to: wallet, by: issuer)
        let verifier = try makeVerifier(pinning: issuer)
        let terminal = try generateSoftwareSigner()
        let params = RequestParams(verifierId: "hotel.example/desk-1", requested: ["full_name", "id_number"], minLevel: .light)
        let request = try verifier.createRequest(params: params, terminal: terminal, now: now)
        let response = try wallet.respond(request: request, now: now + 3)
        let v = try verifier.verifyResponse(presentation: response, request: request, now: now + 4)
        XCTAssertEqual(v.audience, "hotel.example/desk-1")
        XCTAssertEqual(v.credentialId, issued.credentialId)
        XCTAssertEqual(v.attributes.count, 2)
        XCTAssertEqual(byName(v.attributes), [
            "full_name": .text(value: "张三"),
            "id_number": .text(value: "110101199003070011"),
        ])

        // The same answer against the terminal's next request (another nonce).
        let next = try verifier.createRequest(params: params, terminal: terminal, now: now + 10)
        XCTAssertNotEqual(next, request)
        assertThrows("nonce_mismatch") { try verifier.verifyResponse(presentation: response, request: next, now: now + 10) }
        // A QR verifier without an audience refuses an answer bound to one.
        assertThrows("audience_mismatch") { try verifier.verify(presentation: response, now: now + 4) }
        // A request for more than a light credential.
        let strict = try verifier.createRequest(
            params: RequestParams(verifierId: "bank.example/counter", minLevel: .upgraded), terminal: terminal, now: now)
        assertThrows("level_too_low") { try wallet.respond(request: strict, now: now) }
    }

    func testExportRestoreRoundTrip() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        try issue(to: wallet, by: issuer)
        let key = try generateStorageKey()
        XCTAssertEqual(key.count, 32)
        let store = try wallet.export(storageKey: key)
        XCTAssertNotEqual(try wallet.export(storageKey: key), store, "a fresh nonce each time")

        let restored = try Wallet.restore(store: store, storageKey: key, signer: nil)
        XCTAssertEqual(restored.devicePublicKey(), wallet.devicePublicKey())
        XCTAssertEqual(restored.credentials(), wallet.credentials())
        let verifier = try makeVerifier(pinning: issuer)
        let v = try verifier.verify(presentation: restored.present(disclose: ["full_name"], now: now), now: now)
        XCTAssertEqual(v.attributes, [Attribute(name: "full_name", value: .text(value: "张三"))])

        // A keystore wallet's store has no key: it is restored with its signer.
        let signer = try SwiftSigner()
        let platform = try Wallet(signer: signer)
        try issue(to: platform, by: issuer)
        let publicStore = try platform.export(storageKey: key)
        let back = try Wallet.restore(store: publicStore, storageKey: key, signer: signer)
        XCTAssertEqual(back.credentials(), platform.credentials())
        XCTAssertNoThrow(try verifier.verify(presentation: back.present(disclose: [], now: now), now: now))
        assertThrows("invalid_argument", "no signer for a store without a key") {
            try Wallet.restore(store: publicStore, storageKey: key, signer: nil)
        }
    }

    func testApplyStatusSuspendsThenDeletes() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        let (issued, held) = try issue(to: wallet, by: issuer, statusListId: 7, statusIndex: 3)
        XCTAssertEqual(held.statusListId, 7)
        let verifier = try makeVerifier(pinning: issuer)

        let suspended = try issuer.signStatusList(
            listId: 7, count: 64, entries: [StatusEntry(index: 3, state: .suspended)], issuedAt: now, nextUpdate: now + 86_400)
        let changes = try wallet.applyStatus(statusList: suspended, verifier: verifier, now: now)
        XCTAssertEqual(changes, [StatusChange(credentialId: issued.credentialId, outcome: .suspended, deleted: false)])
        XCTAssertEqual(wallet.credentials().count, 1)
        // A verifier that loaded the same list refuses the presentation.
        XCTAssertTrue(try verifier.updateStatusList(statusList: suspended, now: now))
        let presentation = try wallet.present(disclose: [], now: now)
        assertThrows("suspended") { try verifier.verify(presentation: presentation, now: now) }

        // Good again, then revoked: the wallet deletes the credential.
        let good = try issuer.signStatusList(listId: 7, count: 64, entries: [], issuedAt: now + 60, nextUpdate: now + 86_400)
        XCTAssertEqual(
            try wallet.applyStatus(statusList: good, verifier: verifier, now: now + 60),
            [StatusChange(credentialId: issued.credentialId, outcome: .good, deleted: false)])
        let revoked = try issuer.signStatusList(
            listId: 7, count: 64, entries: [StatusEntry(index: 3, state: .revoked)], issuedAt: now + 120, nextUpdate: now + 86_400)
        XCTAssertEqual(
            try wallet.applyStatus(statusList: revoked, verifier: verifier, now: now + 120),
            [StatusChange(credentialId: issued.credentialId, outcome: .revoked, deleted: true)])
        XCTAssertEqual(wallet.credentials(), [])
        assertThrows("invalid_argument", "an empty wallet") { try wallet.present(disclose: [], now: now + 120) }

        // A list signed by a key the verifier does not trust changes nothing.
        let other = try Issuer.fromSeed(seed: Data(repeating: 0x22, count: 32))
        let wallet2 = try Wallet.withSoftwareKey()
        try issue(to: wallet2, by: issuer, statusListId: 7, statusIndex: 3)
        let foreign = try other.signStatusList(
            listId: 7, count: 64, entries: [StatusEntry(index: 3, state: .revoked)], issuedAt: now, nextUpdate: now + 86_400)
        assertThrows("unknown_issuer") { try wallet2.applyStatus(statusList: foreign, verifier: verifier, now: now) }
        XCTAssertEqual(wallet2.credentials().count, 1)
    }

    func testVerifyBatchEqualsSingleVerify() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        try issue(to: wallet, by: issuer)
        let verifier = try makeVerifier(pinning: issuer)
        var tampered = try wallet.present(disclose: ["full_name"], now: now)
        tampered[tampered.count - 1] ^= 0x01
        let inputs: [Data] = [
            try wallet.present(disclose: ["full_name"], now: now),
            Data([0xa0]),
            tampered,
            try wallet.present(disclose: [], now: now - 1000),
            Data(),
            try wallet.present(disclose: ["age_over_60", "address"], now: now),
        ]
        let verdicts = verifier.verifyBatch(presentations: inputs, now: now)
        XCTAssertEqual(verdicts.count, inputs.count)
        var accepted = 0
        for (i, (input, verdict)) in zip(inputs, verdicts).enumerated() {
            do {
                let single = try verifier.verify(presentation: input, now: now)
                XCTAssertEqual(verdict, .accepted(presentation: single), "input \(i)")
                accepted += 1
            } catch let e as WangzhengError {
                XCTAssertEqual(verdict, .refused(error: e), "input \(i)")
            }
        }
        XCTAssertEqual(accepted, 2)
        XCTAssertEqual(verifier.verifyBatch(presentations: [], now: now), [])
    }
}
