import Foundation
import Wangzheng
import XCTest

/// Records' `debugDescription` (what `print` and string interpolation show) is Rust's `Debug`
/// (`#[uniffi::export(Debug, Eq, Hash)]`): it never shows personal data.
final class HygieneTests: XCTestCase {
    private let secrets = ["张三", "110101199003070011", "北京市东城区景山前街4号", "北京市公安局东城分局"]

    private func assertClean(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for s in secrets {
            XCTAssertFalse(text.contains(s), "\(what) prints personal data: \(text)", file: file, line: line)
        }
    }

    func testRecordsNeverPrintPersonalData() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        let (issued, held) = try issue(to: wallet, by: issuer)
        let verifier = try makeVerifier(pinning: issuer)
        let v = try verifier.verify(
            presentation: try wallet.present(disclose: ["full_name", "id_number", "address"], now: now), now: now)
        XCTAssertEqual(v.attributes.count, 3)
        assertClean("\(v)", "VerifiedPresentation")
        assertClean(String(reflecting: v), "VerifiedPresentation")
        for a in v.attributes { assertClean("\(a) \(a.value)", "Attribute") }
        assertClean("\(zhangSan)", "Person")
        assertClean("\(issued)", "IssuedCredential")
        assertClean("\(held)", "HeldCredential")
        XCTAssertTrue("\(v)".contains("full_name"), "\(v)")
    }
}
