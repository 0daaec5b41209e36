// Objects are freed when Swift lets go of them, and they are safe to share between threads.
import Dispatch
import Foundation
import XCTest
import Wangzheng

final class LifecycleTests: XCTestCase {
    /// Makes objects in a function of their own so that no strong reference outlives it.
    private func makeAndDrop() throws -> (wallet: Wallet?, verifier: Verifier?, issuer: Issuer?, signer: SwiftSigner?) {
        weak var weakWallet: Wallet?
        weak var weakVerifier: Verifier?
        weak var weakIssuer: Issuer?
        weak var weakSigner: SwiftSigner?
        try {
            let issuer = try makeIssuer()
            let signer = try SwiftSigner()
            let wallet = try Wallet(signer: signer)
            try issue(to: wallet, by: issuer)
            let verifier = try makeVerifier(pinning: issuer)
            _ = try verifier.verifyOnce(presentation: wallet.present(disclose: [], now: now), now: now)
            weakWallet = wallet
            weakVerifier = verifier
            weakIssuer = issuer
            weakSigner = signer
            XCTAssertNotNil(weakWallet)
            XCTAssertNotNil(weakSigner)
        }()
        return (weakWallet, weakVerifier, weakIssuer, weakSigner)
    }

    func testObjectsAreFreed() throws {
        let (wallet, verifier, issuer, signer) = try makeAndDrop()
        XCTAssertNil(wallet, "Wallet outlived its last reference")
        XCTAssertNil(verifier, "Verifier outlived its last reference")
        XCTAssertNil(issuer, "Issuer outlived its last reference")
        // The Rust wallet held the Swift signer through uniffi's handle map: it lets go of it
        // only when the Rust object itself is freed.
        XCTAssertNil(signer, "the Rust Wallet did not release its Swift DeviceSigner")
    }

    func testRustKeepsTheSignerWhileTheWalletLives() throws {
        weak var weakSigner: SwiftSigner?
        let wallet: Wallet = try {
            let signer = try SwiftSigner()
            weakSigner = signer
            return try Wallet(signer: signer)
        }()
        XCTAssertNotNil(weakSigner, "the wallet must keep its signer alive")
        XCTAssertEqual(wallet.devicePublicKey().count, 32)
        _ = try wallet.issuanceRequest(level: .light, nonce: Data(count: 16), now: now)
    }

    func testConcurrentUseOfOneWalletAndOneVerifier() throws {
        let issuer = try makeIssuer()
        let signer = try SwiftSigner()
        let wallet = try Wallet(signer: signer)
        let softWallet = try Wallet.withSoftwareKey()
        try issue(to: wallet, by: issuer)
        try issue(to: softWallet, by: issuer)
        let verifier = try makeVerifier(pinning: issuer)
        let iterations = 64
        let lock = NSLock()
        var failures: [String] = []
        var accepted = 0
        DispatchQueue.concurrentPerform(iterations: iterations) { i in
            do {
                // Distinct presentation times: each is a distinct presentation for the replay cache.
                let time = now + UInt64(i % 16)
                let w = i % 2 == 0 ? wallet : softWallet
                let qr = try w.presentQr(disclose: i % 3 == 0 ? ["full_name"] : ["age_over_18"], now: time)
                let v = try verifier.verify(presentation: qrDecode(text: qr), now: now + 20)
                let expected = i % 3 == 0 ? "full_name" : "age_over_18"
                guard v.attributes.map(\.name) == [expected] else {
                    throw NSError(domain: "attributes \(v.attributes.map(\.name))", code: i)
                }
                _ = wallet.credentials()
                _ = verifier.verifyBatch(presentations: [try qrDecode(text: qr)], now: now + 20)
                lock.lock()
                accepted += 1
                lock.unlock()
            } catch {
                lock.lock()
                failures.append("iteration \(i): \(error)")
                lock.unlock()
            }
        }
        XCTAssertEqual(failures, [])
        XCTAssertEqual(accepted, iterations)
        XCTAssertGreaterThanOrEqual(signer.signatures, iterations / 2 + 1)

        // verifyOnce from many threads: each distinct presentation accepted exactly once.
        let presentations = try (0..<16).map { try wallet.present(disclose: [], now: now + UInt64($0)) }
        var once = 0
        var replayed = 0
        DispatchQueue.concurrentPerform(iterations: 32) { i in
            do {
                _ = try verifier.verifyOnce(presentation: presentations[i % 16], now: now + 20)
                lock.lock(); once += 1; lock.unlock()
            } catch WangzhengError.Replayed {
                lock.lock(); replayed += 1; lock.unlock()
            } catch {
                lock.lock(); failures.append("verifyOnce \(i): \(error)"); lock.unlock()
            }
        }
        XCTAssertEqual(failures, [])
        XCTAssertEqual(once, 16)
        XCTAssertEqual(replayed, 16)
        XCTAssertEqual(verifier.replayCacheLen(), 16)
    }
}
