/// Something wrong with one field of a caller's input, named by its JSON path (`auth.token_url`).
public struct FieldIssue: Sendable, Hashable, Error {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
