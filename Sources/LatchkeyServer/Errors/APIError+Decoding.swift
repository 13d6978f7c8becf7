import Foundation
import Hummingbird

extension APIError {
    /// The error for a body that did not decode: malformed JSON or a wrong type is 400, a missing field 422.
    static func from(decodingError error: DecodingError) -> APIError {
        switch error {
        case .typeMismatch(let type, let context):
            let field = fieldPath(context.codingPath)
            guard let field else { return APIError(status: .badRequest, code: "invalid_body", message: "the body must be a JSON object") }
            return APIError(status: .badRequest, code: "invalid_type", message: "\(field) must be \(describe(type))", field: field)
        case .valueNotFound(let type, let context):
            let field = fieldPath(context.codingPath) ?? "body"
            return APIError(status: .badRequest, code: "invalid_type", message: "\(field) must be \(describe(type)), not null", field: field)
        case .keyNotFound(let key, let context):
            let field = fieldPath(context.codingPath + [key]) ?? key.stringValue
            return APIError(status: .unprocessableContent, code: "missing_field", message: "\(field) is required", field: field)
        case .dataCorrupted(let context):
            guard let field = fieldPath(context.codingPath) else {
                return APIError(status: .badRequest, code: "malformed_json", message: "the body is not valid JSON")
            }
            let detail = context.debugDescription.hasPrefix("expected") ? context.debugDescription : "has a value that cannot be read"
            return APIError(status: .badRequest, code: "invalid_value", message: "\(field) \(detail)", field: field)
        @unknown default:
            return APIError(status: .badRequest, code: "invalid_body", message: "the body cannot be read")
        }
    }

    /// `auth.emails[0]` for a coding path, or `nil` for the top level.
    static func fieldPath(_ path: [any CodingKey]) -> String? {
        guard !path.isEmpty else { return nil }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Double.Type, is Int.Type, is Int64.Type: return "a number"
        case is Date.Type: return "an RFC 3339 date-time string"
        default: return String(describing: type).hasPrefix("Array") ? "an array" : "a JSON object"
        }
    }
}
