// Every presentation case of the committed test vectors (tests/vectors/manifest.json) through the
// Swift Verifier, set up as the reference runner core/tests/vectors.rs does: pinned issuer key or
// root key and trust list, then the status lists in order, the case's policy, verifyResponse
// when the case has a request, and a second showing when it has `replay`.
import Foundation
import XCTest
import Wangzheng

final class VectorTests: XCTestCase {
    private func policy(of c: VectorCase) throws -> Policy {
        var policy = defaultPolicy()
        for (field, value) in c.policy ?? [:] {
            switch field {
            case "min_level":
                switch value.string {
                case "light": policy.minLevel = .light
                case "upgraded": policy.minLevel = .upgraded
                default: throw VectorError("\(c.name): policy.min_level \(value)")
                }
            case "required":
                guard case .array(let names) = value else { throw VectorError("\(c.name): policy.required \(value)") }
                policy.required = try names.map { n in
                    guard let s = n.string else { throw VectorError("\(c.name): policy.required holds \(n)") }
                    return s
                }
            case "audience":
                guard let s = value.string else { throw VectorError("\(c.name): policy.audience \(value)") }
                policy.audience = s
            case "undetermined_status":
                switch value.string {
                case "accept": policy.acceptUndeterminedStatus = true
                case "refuse": policy.acceptUndeterminedStatus = false
                default: throw VectorError("\(c.name): policy.undetermined_status \(value)")
                }
            case "accept_stale_trust_list":
                guard let b = value.bool else { throw VectorError("\(c.name): policy.accept_stale_trust_list \(value)") }
                policy.acceptStaleTrustList = b
            default:
                throw VectorError("\(c.name): unknown policy field \(field)")
            }
        }
        return policy
    }

    private func key(_ hex: String?, _ what: String, _ c: VectorCase) throws -> Data? {
        guard let hex else { return nil }
        guard let k = hexData(hex), k.count == 32 else { throw VectorError("\(c.name): \(what) is not 32 bytes of hex") }
        return k
    }

    /// Runs one case: the verified presentation, or the WangzhengError the binding threw.
    private func run(_ c: VectorCase) throws -> VerifiedPresentation {
        let policy = try policy(of: c)
        let verifier: Verifier
        switch (try key(c.rootPublicKey, "root_public_key", c), c.trustList, try key(c.issuerPublicKey, "issuer_public_key", c)) {
        case (let root?, let list?, nil):
            verifier = try Verifier.withTrustList(policy: policy, rootPublicKey: root, trustList: vectorFile(list))
        case (nil, nil, let issuer?):
            verifier = try Verifier(policy: policy)
            try verifier.addIssuerKey(issuerPublicKey: issuer)
        default:
            throw VectorError("\(c.name): needs issuer_public_key, or root_public_key and trust_list")
        }
        for list in c.statusLists ?? [] {
            _ = try verifier.updateStatusList(statusList: vectorFile(list), now: c.now)
        }
        let presentation = try vectorFile(c.file)
        let request = try c.request.map(vectorFile)
        let verify = { () throws -> VerifiedPresentation in
            if let request {
                // Interactive answers are bound by the request's single-use nonce instead of the
                // replay cache (the reference's cache skips them too).
                return try verifier.verifyResponse(presentation: presentation, request: request, now: c.now)
            }
            if c.replay == true {
                return try verifier.verifyOnce(presentation: presentation, now: c.now)
            }
            return try verifier.verify(presentation: presentation, now: c.now)
        }
        let first = try verify()
        guard c.replay == true else { return first }
        let second = try verify()
        XCTAssertEqual(second, first, "\(c.name): the second showing verified differently")
        return second
    }

    func testPresentationVectors() throws {
        let manifest = try loadManifest()
        XCTAssertEqual(manifest.formatVersion, 1)
        let cases = manifest.cases.filter { $0.kind == "presentation" }
        XCTAssertGreaterThanOrEqual(cases.count, 40, "presentation cases in \(vectorsDir.path)")
        var accepted = 0
        var rejected = Set<String>()
        for c in cases {
            switch c.expect {
            case "accept":
                let v: VerifiedPresentation
                do {
                    v = try run(c)
                } catch {
                    XCTFail("\(c.name): expected accept, got \(error)")
                    continue
                }
                accepted += 1
                if let level = c.level {
                    XCTAssertEqual(v.level == .light ? "light" : "upgraded", level, "\(c.name): level")
                }
                if let disclosed = c.disclosed {
                    let got = Dictionary(v.attributes.map { ($0.name, json($0.value)) }, uniquingKeysWith: { a, _ in a })
                    XCTAssertEqual(got, disclosed, "\(c.name): disclosed")
                    XCTAssertEqual(v.attributes.count, disclosed.count, "\(c.name): repeated attribute")
                } else {
                    XCTFail("\(c.name): an accept case without `disclosed`")
                }
                let statusCheck: String? = switch v.statusCheck {
                case .good: "good"
                case .undetermined: "undetermined"
                case .notPublished: nil
                }
                XCTAssertEqual(statusCheck, c.statusCheck, "\(c.name): status check")
                XCTAssertEqual(v.audience != nil, c.request != nil, "\(c.name): audience \(v.audience ?? "none")")
            case "reject":
                guard let name = c.error, let entry = errorEntry(name) else {
                    XCTFail("\(c.name): unknown error \(c.error ?? "none")")
                    continue
                }
                do {
                    let v = try run(c)
                    XCTFail("\(c.name): expected \(name), accepted with \(v.attributes.map(\.name))")
                } catch let e as WangzhengError {
                    XCTAssertTrue(entry.matches(e), "\(c.name): expected \(name), got \(e)")
                    XCTAssertEqual(e.code, entry.code, "\(c.name): code of \(e)")
                    rejected.insert(name)
                } catch {
                    XCTFail("\(c.name): expected WangzhengError \(name), got \(error)")
                }
            default:
                XCTFail("\(c.name): expect is \(c.expect)")
            }
        }
        XCTAssertGreaterThanOrEqual(accepted, 10)
        // The presentation cases reach most of the verifier's refusals.
        XCTAssertGreaterThanOrEqual(rejected.count, 20, "\(rejected.sorted())")
    }

    /// The manifest names no error that the Swift table lacks (other kinds included).
    func testManifestErrorNamesAreKnown() throws {
        for c in try loadManifest().cases {
            if let name = c.error {
                XCTAssertNotNil(errorEntry(name), "\(c.name): \(name)")
            }
        }
    }
}

struct VectorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
