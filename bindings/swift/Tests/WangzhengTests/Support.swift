// Fixtures shared by the binding tests: a person, an issuer, wallets holding a credential, the
// error table, hex and the committed test vectors.
import Foundation
import XCTest
import Wangzheng

/// 2026-01-01T00:00:00Z, the tests' clock.
let now: UInt64 = 1_767_225_600

let zhangSan = Person(
    fullName: "张三",
    sex: .male,
    ethnicity: 1,
    birthDate: CalendarDate(year: 1990, month: 3, day: 7),
    address: "北京市东城区景山前街4号",
    idNumber: "110101199003070011",
    issuingAuthority: "北京市公安局东城分局",
    cardValidFrom: CalendarDate(year: 2020, month: 1, day: 1),
    cardValidUntil: CalendarDate(year: 2040, month: 1, day: 1)
)

func makeIssuer() throws -> Issuer {
    try Issuer.fromSeed(seed: Data(repeating: 0x11, count: 32))
}

/// Runs the issuance protocol for `wallet` and stores the credential in it.
@discardableResult
func issue(
    to wallet: Wallet,
    by issuer: Issuer,
    level: Level = .light,
    statusListId: UInt32? = nil,
    statusIndex: UInt32 = 0,
    at time: UInt64 = now
) throws -> (IssuedCredential, HeldCredential) {
    let nonce = try issuer.newNonce()
    let request = try wallet.issuanceRequest(level: level, nonce: nonce, now: time)
    let issued = try issuer.issue(
        request: request,
        nonce: nonce,
        person: zhangSan,
        options: IssueOptions(
            provenLevel: .upgraded,
            ageThresholds: [18, 60],
            statusListId: statusListId,
            statusIndex: statusIndex
        ),
        now: time
    )
    let held = try wallet.store(package: issued.package, issuerPublicKey: issuer.publicKey(), now: time)
    return (issued, held)
}

/// A verifier with the default policy (or `policy`) that pins `issuer`.
func makeVerifier(pinning issuer: Issuer, policy: Policy = defaultPolicy()) throws -> Verifier {
    let verifier = try Verifier(policy: policy)
    try verifier.addIssuerKey(issuerPublicKey: issuer.publicKey())
    return verifier
}

/// A Swift `DeviceSigner`, as an app implements one over its keystore: here it wraps a software
/// signer, counts signatures and can be told to refuse.
final class SwiftSigner: DeviceSigner, @unchecked Sendable {
    struct Refused: Error {}

    enum Mode { case sign, throwWangzhengError, throwOtherError, shortSignature }

    private let inner: DeviceSigner
    private let lock = NSLock()
    private var _mode = Mode.sign
    private var _signatures = 0

    init(seed: Data? = nil) throws {
        inner = try seed.map { try softwareSignerFromSeed(seed: $0) } ?? generateSoftwareSigner()
    }

    private func synced<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    var mode: Mode {
        get { synced { _mode } }
        set { synced { _mode = newValue } }
    }

    var signatures: Int { synced { _signatures } }

    func publicKey() throws -> Data { try inner.publicKey() }

    func sign(message: Data) throws -> Data {
        let mode = synced { () -> Mode in
            _signatures += 1
            return _mode
        }
        switch mode {
        case .sign: return try inner.sign(message: message)
        case .throwWangzhengError: throw WangzhengError.InvalidArgument(code: 90, reason: "user cancelled")
        case .throwOtherError: throw Refused()
        case .shortSignature: return try inner.sign(message: message).dropLast()
        }
    }
}

/// A signer whose public key is 31 bytes: the library must refuse it.
final class ShortKeySigner: DeviceSigner, @unchecked Sendable {
    func publicKey() -> Data { Data(repeating: 7, count: 31) }
    func sign(message: Data) throws -> Data { Data(repeating: 0, count: 64) }
}

/// Disclosed attributes by name: their order in a presentation is random (the credential's
/// shuffled digest-tree leaves).
func byName(_ attributes: [Attribute]) -> [String: AttributeValue] {
    Dictionary(attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
}

// MARK: - errors

/// Every error of docs/FORMAT.md: its manifest name, its number, and a match on the Swift case
/// written out by hand (independent of `WangzhengError.code`).
let errorTable: [(name: String, code: Int32, matches: (WangzhengError) -> Bool)] = [
    ("malformed", 1, { if case .Malformed = $0 { return true }; return false }),
    ("non_canonical", 2, { if case .NonCanonical = $0 { return true }; return false }),
    ("too_large", 3, { if case .TooLarge = $0 { return true }; return false }),
    ("unsupported", 4, { if case .Unsupported = $0 { return true }; return false }),
    ("wrong_kind", 5, { if case .WrongKind = $0 { return true }; return false }),
    ("bad_signature", 10, { if case .BadSignature = $0 { return true }; return false }),
    ("weak_key", 11, { if case .WeakKey = $0 { return true }; return false }),
    ("unknown_issuer", 12, { if case .UnknownIssuer = $0 { return true }; return false }),
    ("device_key_mismatch", 13, { if case .DeviceKeyMismatch = $0 { return true }; return false }),
    ("not_yet_valid", 20, { if case .NotYetValid = $0 { return true }; return false }),
    ("expired", 21, { if case .Expired = $0 { return true }; return false }),
    ("stale_presentation", 22, { if case .StalePresentation = $0 { return true }; return false }),
    ("replayed", 23, { if case .Replayed = $0 { return true }; return false }),
    ("level_too_low", 30, { if case .LevelTooLow = $0 { return true }; return false }),
    ("missing_attribute", 31, { if case .MissingAttribute = $0 { return true }; return false }),
    ("disclosure_mismatch", 32, { if case .DisclosureMismatch = $0 { return true }; return false }),
    ("audience_mismatch", 40, { if case .AudienceMismatch = $0 { return true }; return false }),
    ("nonce_mismatch", 41, { if case .NonceMismatch = $0 { return true }; return false }),
    ("request_mismatch", 42, { if case .RequestMismatch = $0 { return true }; return false }),
    ("revoked", 50, { if case .Revoked = $0 { return true }; return false }),
    ("suspended", 51, { if case .Suspended = $0 { return true }; return false }),
    ("superseded", 52, { if case .Superseded = $0 { return true }; return false }),
    ("status_unavailable", 53, { if case .StatusUnavailable = $0 { return true }; return false }),
    ("trust_list_stale", 60, { if case .TrustListStale = $0 { return true }; return false }),
    ("password_wrong", 70, { if case .PasswordWrong = $0 { return true }; return false }),
    ("password_locked", 71, { if case .PasswordLocked = $0 { return true }; return false }),
    ("face_mismatch", 72, { if case .FaceMismatch = $0 { return true }; return false }),
    ("receipt_mismatch", 73, { if case .ReceiptMismatch = $0 { return true }; return false }),
    ("unknown_credential", 74, { if case .UnknownCredential = $0 { return true }; return false }),
    ("corrupt_store", 80, { if case .CorruptStore = $0 { return true }; return false }),
    ("invalid_argument", 90, { if case .InvalidArgument = $0 { return true }; return false }),
    ("signer_failed", 91, { if case .SignerFailed = $0 { return true }; return false }),
]

func errorEntry(_ name: String) -> (name: String, code: Int32, matches: (WangzhengError) -> Bool)? {
    errorTable.first { $0.name == name }
}

/// Asserts that `body` throws the `WangzhengError` case named `name` (a manifest error name),
/// with the number of that name in `code`.
func assertThrows<T>(
    _ name: String,
    _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath,
    line: UInt = #line,
    _ body: () throws -> T
) {
    guard let entry = errorEntry(name) else {
        XCTFail("no error named \(name)", file: file, line: line)
        return
    }
    do {
        _ = try body()
        XCTFail("expected \(name), got success. \(message())", file: file, line: line)
    } catch let e as WangzhengError {
        XCTAssertTrue(entry.matches(e), "expected \(name), got \(e). \(message())", file: file, line: line)
        XCTAssertEqual(e.code, entry.code, "code of \(e). \(message())", file: file, line: line)
    } catch {
        XCTFail("expected WangzhengError \(name), got \(type(of: error)): \(error). \(message())", file: file, line: line)
    }
}

// MARK: - hex and vectors

func hexData(_ s: String) -> Data? {
    guard s.count % 2 == 0 else { return nil }
    var out = Data(capacity: s.count / 2)
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        guard let b = UInt8(s[i..<j], radix: 16) else { return nil }
        out.append(b)
        i = j
    }
    return out
}

func hexString(_ d: Data) -> String {
    d.map { String(format: "%02x", $0) }.joined()
}

/// The committed test vectors: `$WANGZHENG_VECTORS`, or `tests/vectors` of the repository this
/// file is in.
let vectorsDir: URL = {
    if let dir = ProcessInfo.processInfo.environment["WANGZHENG_VECTORS"], !dir.isEmpty {
        return URL(fileURLWithPath: dir)
    }
    return URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // WangzhengTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // swift
        .deletingLastPathComponent() // bindings
        .deletingLastPathComponent() // repository
        .appendingPathComponent("tests/vectors")
}()

func vectorFile(_ rel: String) throws -> Data {
    try Data(contentsOf: vectorsDir.appendingPathComponent(rel))
}

/// A JSON value, to compare disclosed attributes with the manifest.
enum JSON: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSON].self))
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { "\($0): \(o[$0]!)" }.joined(separator: ", ") + "}"
        }
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
}

/// One case of tests/vectors/manifest.json (the fields a presentation case uses).
struct VectorCase: Decodable {
    let name: String
    let kind: String
    let file: String
    let expect: String
    let error: String?
    let now: UInt64
    let issuerPublicKey: String?
    let rootPublicKey: String?
    let trustList: String?
    let statusLists: [String]?
    let request: String?
    let policy: [String: JSON]?
    let replay: Bool?
    let level: String?
    let disclosed: [String: JSON]?
    let statusCheck: String?
}

struct Manifest: Decodable {
    let formatVersion: Int
    let cases: [VectorCase]
}

func loadManifest() throws -> Manifest {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(Manifest.self, from: vectorFile("manifest.json"))
}

func dateText(_ d: CalendarDate) -> String {
    String(format: "%04d-%02d-%02d", Int(d.year), Int(d.month), Int(d.day))
}

/// The manifest's JSON form of a disclosed value (tests/vectors/README.md).
func json(_ value: AttributeValue) -> JSON {
    switch value {
    case .text(let s): return .string(s)
    case .sex(let s): return .string(s == .male ? "male" : "female")
    case .ethnicity(let code): return .int(Int64(code))
    case .date(let d): return .string(dateText(d))
    case .cardValidity(let from, let until):
        return .object(["from": .string(dateText(from)), "until": until.map { .string(dateText($0)) } ?? .null])
    case .portrait(let jpeg): return .string(hexString(jpeg))
    case .bool(let b): return .bool(b)
    case .integer(let i): return .int(i)
    case .bytes(let b): return .string(hexString(b))
    }
}
