import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Testing

@Suite struct WireDateTests {
    /// 2025-01-02T03:04:05Z
    static let instant = Date(timeIntervalSince1970: 1_735_787_045)

    @Test(arguments: [
        ("2025-01-02T03:04:05Z", 0.0),
        ("2025-01-02T03:04:05z", 0),
        ("2025-01-02t03:04:05Z", 0),
        ("2025-01-02 03:04:05Z", 0),
        ("2025-01-02T03:04:05", 0),
        ("2025-01-02T03:04", -5),
        ("2025-01-02T05:04:05+02:00", 0),
        ("2025-01-01T22:04:05-05:00", 0),
        ("2025-01-02T05:04:05+0200", 0),
        ("2025-01-02T03:04:05.250Z", 0.25),
        ("2025-01-02T03:04:05.123456789Z", 0.123),
        ("2025-01-02T05:04:05.5+02:00", 0.5),
        ("2025-01-02", -11_045),
        ("1735787045", 0),
        ("1735787045.5", 0.5),
    ])
    func readsEveryAcceptedForm(text: String, offsetFromInstant: Double) throws {
        let parsed = try #require(WireDate.parse(text))
        #expect(parsed.timeIntervalSince1970 == Self.instant.timeIntervalSince1970 + offsetFromInstant)
    }

    @Test(arguments: [
        "", "tomorrow", "2025-13-01", "2025-02-30", "2025-01-02T25:00:00Z", "2025-01-02T03:04:05+2", "2025-01-02T03:04:05Zjunk",
        "2025/01/02", "2025-01-02T03:04:05.Z", "2025-1-2",
    ])
    func rejectsWhatIsNotADate(text: String) {
        #expect(WireDate.parse(text) == nil)
    }

    @Test func writesRFC3339InUTC() {
        #expect(WireDate.format(Self.instant) == "2025-01-02T03:04:05Z")
        #expect(WireDate.format(Self.instant.addingTimeInterval(0.25)) == "2025-01-02T03:04:05.250Z")
        #expect(WireDate.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(WireDate.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(WireDate.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }

    @Test func formatThenParseIsIdentityToTheMillisecond() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: -2_000_000_000_000...10_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(WireDate.parse(WireDate.format(date)) == date, "\(milliseconds)")
        }
    }
}
