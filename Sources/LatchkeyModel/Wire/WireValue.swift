import Foundation

/// The wire's reading rules for single values, shared by `Decodable` conformances and by readers of
/// `JSONValue` trees, so both read the same text the same way and fail with the same `DecodingError`s.
enum WireValue {
    /// A date-time: RFC 3339 text, a date, or epoch seconds as a number or a numeric string; `null` is `nil`.
    static func date(_ value: JSONValue, at path: [any CodingKey]) throws -> Date? {
        switch value {
        case .null:
            return nil
        case .string(let text):
            guard let date = WireDate.parse(text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: path, debugDescription: "expected an RFC 3339 date-time such as 2025-01-02T03:04:05Z"))
            }
            return WireDate.truncated(date)
        case .integer, .number:
            guard let seconds = value.doubleValue, let date = WireDate.fromEpoch(seconds: seconds) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "epoch seconds out of range"))
            }
            return date
        case .bool, .array, .object:
            throw DecodingError.typeMismatch(Date.self, .init(codingPath: path, debugDescription: "expected an RFC 3339 date-time string"))
        }
    }

    /// A number that may arrive as an integer, a float or a numeric string; `null` is `nil`.
    static func lenientNumber(_ value: JSONValue, at path: [any CodingKey]) throws -> Double? {
        switch value {
        case .null:
            return nil
        case .integer, .number:
            guard let number = value.doubleValue, number.isFinite else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "expected a finite number"))
            }
            return number
        case .string(let text):
            guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "expected a number, got a string that is not one"))
            }
            return number
        case .bool, .array, .object:
            throw DecodingError.typeMismatch(Double.self, .init(codingPath: path, debugDescription: "expected a number"))
        }
    }

    /// Text; `null` is `nil`.
    static func string(_ value: JSONValue, at path: [any CodingKey]) throws -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: throw DecodingError.typeMismatch(String.self, .init(codingPath: path, debugDescription: "expected a string"))
        }
    }

    /// An array of texts; `null` is `nil`.
    static func strings(_ value: JSONValue, at path: [any CodingKey]) throws -> [String]? {
        switch value {
        case .null:
            return nil
        case .array(let elements):
            var texts: [String] = []
            texts.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    throw DecodingError.typeMismatch(
                        String.self, .init(codingPath: path + [WireKey(index: index)], debugDescription: "expected a string"))
                }
                texts.append(text)
            }
            return texts
        default:
            throw DecodingError.typeMismatch([String].self, .init(codingPath: path, debugDescription: "expected an array"))
        }
    }

    /// An object; `null` is `nil`.
    static func object(_ value: JSONValue, at path: [any CodingKey]) throws -> [String: JSONValue]? {
        switch value {
        case .null: return nil
        case .object(let members): return members
        default:
            throw DecodingError.typeMismatch([String: JSONValue].self, .init(codingPath: path, debugDescription: "expected an object"))
        }
    }
}

/// A coding-path element for values read from `JSONValue` trees.
struct WireKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ name: String) {
        stringValue = name
        intValue = nil
    }

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(index: intValue) }
}

extension JSONValue {
    /// The value of a number, whether written as an integer or not; `nil` for any other value.
    var doubleValue: Double? {
        switch self {
        case .integer(let integer): Double(integer)
        case .number(let number): number
        default: nil
        }
    }
}
