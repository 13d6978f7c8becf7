import Foundation
import Hummingbird
import LatchkeyModel

extension ConnectionListQuery {
    /// Reads the list query of Unified's API. Numbers may arrive as `100.0`; `categories` may repeat or hold
    /// a comma-separated list. A value of the wrong type is 400, a value out of range 422, both naming the parameter.
    init(parameters: Parameters) throws {
        self.init()
        if let limit = try Self.wholeNumber(parameters, "limit") {
            guard (1...Self.maximumLimit).contains(limit) else {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_parameter",
                    message: "query parameter limit must be between 1 and \(Self.maximumLimit)",
                    field: "limit")
            }
            self.limit = limit
        }
        if let offset = try Self.wholeNumber(parameters, "offset") {
            guard offset >= 0 else {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_parameter", message: "query parameter offset must not be negative", field: "offset")
            }
            self.offset = offset
        }
        if let sort = parameters.get("sort"), !sort.isEmpty {
            guard let field = SortField(rawValue: sort) else {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_parameter",
                    message: "query parameter sort must be one of \(SortField.allCases.map(\.rawValue).joined(separator: ", "))", field: "sort")
            }
            self.sort = field
        }
        if let order = parameters.get("order"), !order.isEmpty {
            guard let value = Order(rawValue: order.lowercased()) else {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_parameter", message: "query parameter order must be asc or desc", field: "order")
            }
            self.order = value
        }
        if let updatedGTE = parameters.get("updated_gte"), !updatedGTE.isEmpty {
            guard let date = WireDate.parse(updatedGTE) else {
                throw APIError.badParameter("updated_gte", "must be an ISO 8601 date-time such as 2025-01-02T03:04:05Z")
            }
            self.updatedGTE = date
        }
        self.categories = parameters.getAll("categories").flatMap { $0.split(separator: ",") }
            .map { ConnectionCategory(rawValue: $0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.rawValue.isEmpty }
        self.externalXref = parameters.get("external_xref").flatMap { $0.isEmpty ? nil : $0 }
        self.environment = parameters.get("env").flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func wholeNumber(_ parameters: Parameters, _ name: String) throws -> Int? {
        guard let text = parameters.get(name), !text.isEmpty else { return nil }
        guard let number = Double(text), number.isFinite, number.rounded() == number, abs(number) < 1e12 else {
            throw APIError.badParameter(name, "must be a whole number")
        }
        return Int(number)
    }
}
