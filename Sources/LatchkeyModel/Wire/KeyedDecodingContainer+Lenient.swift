import Foundation

extension KeyedDecodingContainer {
    /// A date-time read the way `WireDate` reads it: RFC 3339 text, a date, or epoch seconds
    /// as a number or a numeric string. `null` and an absent key give `nil`.
    func decodeWireDateIfPresent(forKey key: Key) throws -> Date? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) {
            guard let date = WireDate.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: self, debugDescription: "expected an RFC 3339 date-time such as 2025-01-02T03:04:05Z")
            }
            return WireDate.truncated(date)
        }
        guard let seconds = try? decode(Double.self, forKey: key) else {
            throw DecodingError.typeMismatch(
                Date.self, .init(codingPath: codingPath + [key], debugDescription: "expected an RFC 3339 date-time string"))
        }
        guard let date = WireDate.fromEpoch(seconds: seconds) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "epoch seconds out of range")
        }
        return date
    }

    /// A number that may arrive as an integer, a float or a numeric string. `null` and an absent key give `nil`.
    func decodeLenientNumberIfPresent(forKey key: Key) throws -> Double? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Double.self, forKey: key) {
            guard number.isFinite else {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected a finite number")
            }
            return number
        }
        guard let text = try? decode(String.self, forKey: key) else {
            throw DecodingError.typeMismatch(Double.self, .init(codingPath: codingPath + [key], debugDescription: "expected a number"))
        }
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected a number, got a string that is not one")
        }
        return number
    }
}

extension KeyedEncodingContainer {
    /// Writes `date` as RFC 3339 UTC text, or nothing when it is `nil`.
    mutating func encodeWireDateIfPresent(_ date: Date?, forKey key: Key) throws {
        guard let date else { return }
        try encode(WireDate.format(date), forKey: key)
    }
}
