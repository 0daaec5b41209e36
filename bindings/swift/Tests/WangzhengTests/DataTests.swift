// Bytes cross the boundary exactly: every byte value, empty Data, and Data slices whose indices
// do not start at zero.
import Foundation
import XCTest
import Wangzheng

final class DataTests: XCTestCase {
    func testQrRoundTripsEveryByteValue() throws {
        let all = Data((0...255).map { UInt8($0) })
        let text = qrEncode(object: all)
        XCTAssertTrue(text.hasPrefix("WZ1:"))
        XCTAssertEqual(try qrDecode(text: text), all)
        for b in 0...255 {
            let one = Data([UInt8(b)])
            XCTAssertEqual(try qrDecode(text: qrEncode(object: one)), one, "byte \(b)")
        }
    }

    func testEmptyData() throws {
        XCTAssertEqual(qrEncode(object: Data()), "WZ1:")
        let back = try qrDecode(text: "WZ1:")
        XCTAssertEqual(back, Data())
        XCTAssertEqual(back.count, 0)
    }

    func testDataSlices() throws {
        let all = Data((0...255).map { UInt8($0) })
        let slice = all[100..<140]
        XCTAssertEqual(slice.startIndex, 100)
        XCTAssertEqual(try qrDecode(text: qrEncode(object: slice)), Data(slice))
        // A wallet built from a seed given as a slice gets exactly that seed.
        let seed = Data(repeating: 0x42, count: 40)[5..<37]
        XCTAssertEqual(
            try softwareSignerFromSeed(seed: seed).publicKey(),
            try softwareSignerFromSeed(seed: Data(repeating: 0x42, count: 32)).publicKey())
    }

    func testStringsRoundTrip() throws {
        let issuer = try makeIssuer()
        let wallet = try Wallet.withSoftwareKey()
        try issue(to: wallet, by: issuer)
        let verifier = try makeVerifier(pinning: issuer)
        let v = try verifier.verify(
            presentation: wallet.present(disclose: ["address", "issuing_authority", "card_validity", "ethnicity"], now: now), now: now)
        XCTAssertEqual(v.attributes.count, 4)
        XCTAssertEqual(byName(v.attributes), [
            "ethnicity": .ethnicity(code: 1),
            "address": .text(value: "北京市东城区景山前街4号"),
            "issuing_authority": .text(value: "北京市公安局东城分局"),
            "card_validity": .cardValidity(
                from: CalendarDate(year: 2020, month: 1, day: 1), until: CalendarDate(year: 2040, month: 1, day: 1)),
        ])
    }
}
