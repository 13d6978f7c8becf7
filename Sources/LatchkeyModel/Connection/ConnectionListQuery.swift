import Foundation

/// Which connections a list answers, and in what order.
public struct ConnectionListQuery: Sendable, Hashable {
    public enum SortField: String, Sendable, CaseIterable {
        case name
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public enum Order: String, Sendable, CaseIterable {
        case ascending = "asc"
        case descending = "desc"
    }

    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    public var limit: Int
    public var offset: Int
    /// `name` sorts by `integration_name` (else `integration_type`), ignoring case. Ties are broken by id,
    /// so paging never skips nor repeats a connection.
    public var sort: SortField
    public var order: Order
    public var updatedGTE: Date?
    /// Connections in any of these categories; all connections when empty.
    public var categories: [ConnectionCategory]
    public var externalXref: String?
    public var environment: String?

    public init(
        limit: Int = ConnectionListQuery.defaultLimit, offset: Int = 0, sort: SortField = .createdAt, order: Order = .ascending,
        updatedGTE: Date? = nil, categories: [ConnectionCategory] = [], externalXref: String? = nil, environment: String? = nil
    ) {
        self.limit = limit
        self.offset = offset
        self.sort = sort
        self.order = order
        self.updatedGTE = updatedGTE
        self.categories = categories
        self.externalXref = externalXref
        self.environment = environment
    }
}
