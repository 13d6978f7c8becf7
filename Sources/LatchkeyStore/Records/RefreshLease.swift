import Foundation
import LatchkeyModel

/// Who is refreshing a connection's token, and until when their claim holds.
public struct RefreshLease: Sendable, Hashable {
    public let owner: String
    public let until: Date

    public init(owner: String, until: Date) {
        self.owner = owner
        self.until = until
    }
}

/// A connection as stored, with what the refresh engine needs: its version (the fence of every write) and
/// the refresh lease on it, if any.
public struct ConnectionRecord: Sendable, Hashable {
    public let connection: Connection
    public let version: Int64
    public let lease: RefreshLease?
}
