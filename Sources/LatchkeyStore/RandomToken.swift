import Crypto
import Foundation
import LatchkeyModel

/// Random identifiers and secrets drawn from the system's secure generator.
enum RandomToken {
    /// `bytes` random bytes as lowercase hex.
    static func hex(bytes count: Int) -> String {
        Hex.encode(randomBytes(count))
    }

    /// A record id in the shape of Unified's ids: 24 hex digits, the first eight the creation second.
    static func recordID(now: Date = Date()) -> String {
        Hex.encode(withUnsafeBytes(of: UInt32(truncatingIfNeeded: Int64(now.timeIntervalSince1970)).bigEndian) { Array($0) }) + hex(bytes: 8)
    }

    /// `bytes` random bytes as unpadded base64url.
    static func base64URL(bytes count: Int) -> String {
        Data(randomBytes(count)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// Instants as the store keeps them: whole milliseconds since the epoch.
enum StoreTime {
    static func milliseconds(_ date: Date) -> Int64 { WireDate.milliseconds(date) }
    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
