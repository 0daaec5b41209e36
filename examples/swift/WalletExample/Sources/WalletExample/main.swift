// What a phone wallet app does with wangzheng, end to end, with the issuer played locally:
//
//   1. receive a credential: issuance request -> Issuer.issue -> Wallet.store
//   2. show it as a QR code (presentQr), as a terminal would scan it
//   3. apply status updates: the credential is frozen (kept), then cancelled (deleted)
//
// The device key is a DeviceSigner implemented in Swift, as an app would implement it over the
// iOS Keychain / Secure Enclave; here it wraps the library's software key.
// Prints each step; exits non-zero on any unexpected outcome.
import Foundation
import Wangzheng

/// The app's keystore signer. A real app signs with a Keychain key and may throw when the user
/// cancels; the library then reports `WangzhengError.SignerFailed`.
final class KeychainSigner: DeviceSigner, @unchecked Sendable {
    private let key: DeviceSigner
    init() throws { key = try generateSoftwareSigner() }
    func publicKey() throws -> Data { try key.publicKey() }
    func sign(message: Data) throws -> Data { try key.sign(message: message) }
}

struct Unexpected: Error, CustomStringConvertible {
    let description: String
}

func check(_ ok: Bool, _ what: String) throws {
    guard ok else { throw Unexpected(description: what) }
}

func run() throws {
    let now: UInt64 = 1_767_225_600 // 2026-01-01T00:00Z
    print("wangzheng \(version())")

    // The authority's issuer (in reality a back end; the wallet only pins its public key).
    let issuer = try Issuer.fromSeed(seed: Data(repeating: 0x5a, count: 32))
    let wallet = try Wallet(signer: KeychainSigner())

    // 1. Receive a credential.
    let nonce = try issuer.newNonce()
    let request = try wallet.issuanceRequest(level: .light, nonce: nonce, now: now)
    let person = Person(
        fullName: "张三", sex: .male, ethnicity: 1,
        birthDate: CalendarDate(year: 1990, month: 3, day: 7),
        address: "北京市东城区景山前街4号", idNumber: "110101199003070011",
        issuingAuthority: "北京市公安局东城分局",
        cardValidFrom: CalendarDate(year: 2020, month: 1, day: 1),
        cardValidUntil: CalendarDate(year: 2040, month: 1, day: 1))
    let issued = try issuer.issue(
        request: request, nonce: nonce, person: person,
        options: IssueOptions(provenLevel: .light, ageThresholds: [18], statusListId: 1, statusIndex: 42),
        now: now)
    let held = try wallet.store(package: issued.package, issuerPublicKey: issuer.publicKey(), now: now)
    print("stored credential \(held.credentialId.prefix(4).map { String(format: "%02x", $0) }.joined())…, level \(held.level), attributes \(held.attributes.joined(separator: " "))")
    try check(wallet.credentials().count == 1, "the wallet holds one credential")

    // 2. Show a QR code proving "over 18" and nothing else.
    let qr = try wallet.presentQr(disclose: ["age_over_18"], now: now)
    print("QR text (\(qr.count) characters): \(qr.prefix(48))…")
    var policy = defaultPolicy()
    policy.acceptUndeterminedStatus = true // this terminal has no status list yet
    let terminal = try Verifier(policy: policy)
    try terminal.addIssuerKey(issuerPublicKey: issuer.publicKey())
    let seen = try terminal.verifyQr(text: qr, now: now + 2)
    print("terminal accepted: \(seen.attributes.map { "\($0.name)=\($0.value == .bool(value: true) ? "yes" : "no")" }.joined()), status \(seen.statusCheck)")
    try check(seen.attributes == [Attribute(name: "age_over_18", value: .bool(value: true))], "age_over_18 disclosed")
    do {
        _ = try terminal.verifyQr(text: qr, now: now + 3)
        throw Unexpected(description: "a second scan of the same QR code was accepted")
    } catch WangzhengError.Replayed(let code, _) {
        print("second scan of the same code refused: replayed (code \(code))")
    }

    // 3. Status updates, as the app fetches them from the authority.
    let statusVerifier = try Verifier(policy: defaultPolicy())
    try statusVerifier.addIssuerKey(issuerPublicKey: issuer.publicKey())
    let frozen = try issuer.signStatusList(
        listId: 1, count: 1024, entries: [StatusEntry(index: 42, state: .suspended)],
        issuedAt: now + 3600, nextUpdate: now + 86_400)
    let first = try wallet.applyStatus(statusList: frozen, verifier: statusVerifier, now: now + 3600)
    for c in first { print("status update: \(c.outcome), deleted: \(c.deleted)") }
    try check(first.map(\.outcome) == [.suspended] && first.allSatisfy { !$0.deleted }, "frozen and kept")
    try check(wallet.credentials().count == 1, "a frozen credential is kept")

    let cancelled = try issuer.signStatusList(
        listId: 1, count: 1024, entries: [StatusEntry(index: 42, state: .revoked)],
        issuedAt: now + 7200, nextUpdate: now + 86_400)
    let second = try wallet.applyStatus(statusList: cancelled, verifier: statusVerifier, now: now + 7200)
    for c in second { print("status update: \(c.outcome), deleted: \(c.deleted)") }
    try check(second.map(\.outcome) == [.revoked] && second.allSatisfy(\.deleted), "revoked and deleted")
    try check(wallet.credentials().isEmpty, "the wallet is empty")
    print("the wallet deleted the revoked credential; it holds \(wallet.credentials().count)")
}

do {
    try run()
    print("example finished: every step as expected")
} catch let e as WangzhengError {
    print("FAILED: \(e) (code \(e.code))")
    exit(1)
} catch {
    print("FAILED: \(error)")
    exit(1)
}
