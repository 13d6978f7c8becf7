import Foundation

extension KeyedDecodingContainer {
    /// A date-time read by `WireValue.date`'s rules. `null` and an absent key give `nil`.
    func decodeWireDateIfPresent(forKey key: Key) throws -> Date? {
        guard let value = try decodeIfPresent(JSONValue.self, forKey: key) else { return nil }
        return try WireValue.date(value, at: codingPath + [key])
    }

    /// A number read by `WireValue.lenientNumber`'s rules. `null` and an absent key give `nil`.
    func decodeLenientNumberIfPresent(forKey key: Key) throws -> Double? {
        guard let value = try decodeIfPresent(JSONValue.self, forKey: key) else { return nil }
        return try WireValue.lenientNumber(value, at: codingPath + [key])
    }
}

extension KeyedEncodingContainer {
    /// Writes `date` as RFC 3339 UTC text, or nothing when it is `nil`.
    mutating func encodeWireDateIfPresent(_ date: Date?, forKey key: Key) throws {
        guard let date else { return }
        try encode(WireDate.format(date), forKey: key)
    }
}
