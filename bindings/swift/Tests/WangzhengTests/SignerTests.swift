// A DeviceSigner implemented in Swift (the app's keystore) driving a wallet through the binding.
import Foundation
import XCTest
import Wangzheng

final class SignerTests: XCTestCase {
    /// A keystore that cannot even give its public key (locked): `SignerFailed`, and the app's
    /// error does not travel with it.
    func testThrowingPublicKeyIsSignerFailed() throws {
        final class Locked: DeviceSigner, @unchecked Sendable {
            func publicKey() throws -> Data { throw Unlocked(detail: "secret detail") }
            func sign(message: Data) throws -> Data { Data(count: 64) }
        }
        struct Unlocked: Error { let detail: String }
        XCTAssertThrowsError(try Wallet(signer: Locked())) { error in
            guard case let WangzhengError.SignerFailed(code, reason) = error else {
                return XCTFail("expected SignerFailed, got \(error)")
            }
            XCTAssertEqual(code, 91)
            XCTAssertFalse(reason.contains("secret"))
        }
    }

    func testSwiftSignerWalletPresentsAndIsAccepted() throws {
        let issuer = try makeIssuer()
        let signer = try SwiftSigner(seed: Data(repeating: 0x42, count: 32))
        let wallet = try Wallet(signer: signer)
        XCTAssertEqual(wallet.devicePublicKey(), try signer.publicKey())
        XCTAssertEqual(wallet.devicePublicKey(), try softwareSignerFromSeed(seed: Data(repeating: 0x42, count: 32)).publicKey())
        try issue(to: wallet, by: issuer)
        let afterIssuance = signer.signatures
        XCTAssertGreaterThanOrEqual(afterIssuance, 1, "the issuance request is signed by the Swift signer")

        let verifier = try makeVerifier(pinning: issuer)
        let qr = try wallet.presentQr(disclose: ["full_name"], now: now)
        XCTAssertEqual(signer.signatures, afterIssuance + 1, "one signature per presentation")
        let v = try verifier.verifyQr(text: qr, now: now)
        XCTAssertEqual(v.attributes, [Attribute(name: "full_name", value: .text(value: "张三"))])

        // A credential bound to this signer's key does not go into another device's wallet.
        let nonce = try issuer.newNonce()
        let issued = try issuer.issue(
            request: wallet.issuanceRequest(level: .light, nonce: nonce, now: now), nonce: nonce, person: zhangSan,
            options: IssueOptions(provenLevel: .light, ageThresholds: []), now: now)
        let otherDevice = try Wallet.withSoftwareKey()
        assertThrows("device_key_mismatch") {
            try otherDevice.store(package: issued.package, issuerPublicKey: issuer.publicKey(), now: now)
        }
    }

    func testSignerThatThrowsIsSignerFailed() throws {
        let issuer = try makeIssuer()
        let signer = try SwiftSigner()
        let wallet = try Wallet(signer: signer)
        try issue(to: wallet, by: issuer)
        let verifier = try makeVerifier(pinning: issuer)
        let terminal = try generateSoftwareSigner()
        let request = try verifier.createRequest(
            params: RequestParams(verifierId: "cafe.example/pc-7", minLevel: .light), terminal: terminal, now: now)

        for mode in [SwiftSigner.Mode.throwWangzhengError, .throwOtherError, .shortSignature] {
            signer.mode = mode
            let before = signer.signatures
            assertThrows("signer_failed", "\(mode): present") { try wallet.present(disclose: [], now: now) }
            assertThrows("signer_failed", "\(mode): presentQr") { try wallet.presentQr(disclose: ["full_name"], now: now) }
            assertThrows("signer_failed", "\(mode): respond") { try wallet.respond(request: request, now: now) }
            assertThrows("signer_failed", "\(mode): issuanceRequest") {
                try wallet.issuanceRequest(level: .light, nonce: issuer.newNonce(), now: now)
            }
            XCTAssertEqual(signer.signatures, before + 4, "\(mode): the signer was asked each time")
        }
        // The reason from app code is not passed on (it may hold anything).
        signer.mode = .throwWangzhengError
        do {
            _ = try wallet.present(disclose: [], now: now)
            XCTFail("no error")
        } catch let e as WangzhengError {
            XCTAssertFalse(e.reason.contains("user cancelled"), e.reason)
        }
        // The wallet still works when the keystore does again, and failed calls changed nothing.
        signer.mode = .sign
        XCTAssertEqual(wallet.credentials().count, 1)
        XCTAssertNoThrow(try verifier.verify(presentation: wallet.present(disclose: [], now: now), now: now))

        // A terminal whose signer refuses cannot make a request.
        signer.mode = .throwOtherError
        assertThrows("signer_failed") {
            try verifier.createRequest(params: RequestParams(verifierId: "x/y", minLevel: .light), terminal: signer, now: now)
        }
    }

    func testSignTrustListWithSwiftRoot() throws {
        let root = try SwiftSigner(seed: Data(repeating: 0x01, count: 32))
        let issuer = try makeIssuer()
        let list = try signTrustList(
            root: root, sequence: 1, issuedAt: now - 60, nextUpdate: now + 86_400,
            issuers: [TrustedIssuerEntry(
                publicKey: issuer.publicKey(), validFrom: now - 86_400, validUntil: now + 365 * 86_400,
                levels: [.light, .upgraded], kinds: [.credential, .statusList])])
        XCTAssertEqual(root.signatures, 1)
        let verifier = try Verifier.withTrustList(policy: defaultPolicy(), rootPublicKey: root.publicKey(), trustList: list)
        let wallet = try Wallet.withSoftwareKey()
        try issue(to: wallet, by: issuer)
        let v = try verifier.verify(presentation: wallet.present(disclose: ["full_name"], now: now), now: now)
        XCTAssertEqual(v.attributes, [Attribute(name: "full_name", value: .text(value: "张三"))])
        // Another root did not sign it.
        let stranger = try generateSoftwareSigner()
        assertThrows("unknown_issuer") {
            try Verifier.withTrustList(policy: defaultPolicy(), rootPublicKey: stranger.publicKey(), trustList: list)
        }
    }
}
